/**
 * The audit trail: one {@link io.scimlab.gitlab.audit.AuditEvent} per GitLab change, handed to an
 * {@link io.scimlab.gitlab.audit.AuditSink}; the default sink writes JSON lines through {@link System.Logger}. An
 * {@link io.scimlab.gitlab.audit.AuditStore} keeps the events durable and tamper-evident (numbered, hash-chained,
 * verifiable; {@link io.scimlab.gitlab.audit.AuditChain}) and answers {@link io.scimlab.gitlab.audit.AuditQuery}s
 * with pages and exports.
 */
@NullMarked
package io.scimlab.gitlab.audit;

import org.jspecify.annotations.NullMarked;
