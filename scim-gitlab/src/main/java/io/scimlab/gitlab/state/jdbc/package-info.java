/**
 * A {@link io.scimlab.gitlab.state.StateStore} on a relational database (PostgreSQL, H2) through plain JDBC, with
 * its versioned schema migrations; several replicas may share one database.
 */
@NullMarked
package io.scimlab.gitlab.state.jdbc;

import org.jspecify.annotations.NullMarked;
