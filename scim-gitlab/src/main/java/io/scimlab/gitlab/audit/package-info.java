/**
 * The audit trail: one {@link io.scimlab.gitlab.audit.AuditEvent} per GitLab change, handed to an
 * {@link io.scimlab.gitlab.audit.AuditSink}; the default sink writes JSON lines through {@link System.Logger}.
 */
@NullMarked
package io.scimlab.gitlab.audit;

import org.jspecify.annotations.NullMarked;
