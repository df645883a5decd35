/**
 * SCIM filters and attribute paths (RFC 7644 §3.4.2.2 and §3.5.2): a hand-written parser, an immutable
 * AST with a visitor for translating filters into other query languages, a canonical printer, and a
 * schema-aware evaluator.
 *
 * <p>Entry points: {@link io.scimlab.core.filter.FilterParser#parse(String)} (also {@link
 * io.scimlab.core.filter.Filter#parse(String)}), {@link io.scimlab.core.filter.FilterParser#parsePath(String)}
 * for PATCH paths, and {@link io.scimlab.core.filter.FilterEvaluator} to match resources. Behaviour
 * differences between the lenient default and strict RFC mode are listed on
 * {@link io.scimlab.core.filter.FilterOptions}.
 */
@NullMarked
package io.scimlab.core.filter;

import org.jspecify.annotations.NullMarked;
