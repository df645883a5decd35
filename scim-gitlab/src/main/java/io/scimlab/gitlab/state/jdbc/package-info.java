/**
 * The bridge's durable stores on a relational database (PostgreSQL, H2) through plain JDBC, behind one entry
 * point, {@link io.scimlab.gitlab.state.jdbc.JdbcStorage}: the {@link io.scimlab.gitlab.state.StateStore}, the
 * {@link io.scimlab.gitlab.token.TokenStore}, the
 * {@link io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore} and the
 * {@link io.scimlab.gitlab.audit.AuditStore}, with their versioned schema migrations; several replicas may share
 * one database.
 */
@NullMarked
package io.scimlab.gitlab.state.jdbc;

import org.jspecify.annotations.NullMarked;
