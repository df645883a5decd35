package io.scimlab.gitlab.provision;

import io.scimlab.core.filter.And;
import io.scimlab.core.filter.AttributePath;
import io.scimlab.core.filter.CompareOp;
import io.scimlab.core.filter.Comparison;
import io.scimlab.core.filter.Filter;
import io.scimlab.core.filter.FilterVisitor;
import io.scimlab.core.filter.Not;
import io.scimlab.core.filter.Or;
import io.scimlab.core.filter.Present;
import io.scimlab.core.filter.ValuePathFilter;
import io.scimlab.core.schema.SchemaRegistry;
import java.util.Locale;
import java.util.Optional;

/**
 * What part of a SCIM filter becomes a direct lookup: {@code attr eq "value"} on one of a few attributes, alone
 * ({@code exact}: the lookup's result is the filter's result) or inside an {@code and} (the lookup gives
 * candidates the server still filters).
 *
 * @param attribute the lower-cased attribute: {@code id}, {@code username}, {@code externalid}, {@code email},
 *                  {@code displayname}
 * @param value     the value compared with
 * @param exact     whether the lookup alone answers the filter
 */
record Pushdown(String attribute, String value, boolean exact) {

    static Optional<Pushdown> of(Filter filter, String coreSchema) {
        return filter.accept(new Visitor(coreSchema));
    }

    private static final class Visitor implements FilterVisitor<Optional<Pushdown>> {
        private final String coreSchema;

        Visitor(String coreSchema) {
            this.coreSchema = coreSchema;
        }

        @Override
        public Optional<Pushdown> visitAnd(And and) {
            // Any one pushable conjunct narrows the candidates; the server checks the rest.
            for (Filter f : and.filters()) {
                Optional<Pushdown> p = f.accept(this);
                if (p.isPresent()) {
                    return Optional.of(new Pushdown(p.get().attribute(), p.get().value(), false));
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<Pushdown> visitOr(Or or) {
            return Optional.empty();
        }

        @Override
        public Optional<Pushdown> visitNot(Not not) {
            return Optional.empty();
        }

        @Override
        public Optional<Pushdown> visitPresent(Present present) {
            return Optional.empty();
        }

        @Override
        public Optional<Pushdown> visitComparison(Comparison c) {
            if (c.op() != CompareOp.EQ || !c.value().isTextual() || !core(c.path())) {
                return Optional.empty();
            }
            String name = c.path().name().toLowerCase(Locale.ROOT);
            String sub = c.path().subAttribute() == null ? null : c.path().subAttribute().toLowerCase(Locale.ROOT);
            String value = c.value().asText();
            if (sub == null && (name.equals("id") || name.equals("username") || name.equals("externalid")
                    || name.equals("displayname"))) {
                return Optional.of(new Pushdown(name, value, true));
            }
            if (name.equals("emails") && (sub == null || sub.equals("value"))) {
                return Optional.of(new Pushdown("email", value, true));
            }
            return Optional.empty();
        }

        @Override
        public Optional<Pushdown> visitValuePath(ValuePathFilter vp) {
            if (!core(vp.path()) || !vp.path().name().equalsIgnoreCase("emails")) {
                return Optional.empty();
            }
            // emails[value eq "x"] is exact; with more conditions (Entra's type eq "work") only a candidate set.
            if (vp.filter() instanceof Comparison c && c.op() == CompareOp.EQ && c.value().isTextual()
                    && c.path().name().equalsIgnoreCase("value")) {
                return Optional.of(new Pushdown("email", c.value().asText(), true));
            }
            if (vp.filter() instanceof And and) {
                for (Filter f : and.filters()) {
                    if (f instanceof Comparison c && c.op() == CompareOp.EQ && c.value().isTextual()
                            && c.path().name().equalsIgnoreCase("value")) {
                        return Optional.of(new Pushdown("email", c.value().asText(), false));
                    }
                }
            }
            return Optional.empty();
        }

        private boolean core(AttributePath p) {
            return p.schemaUrn() == null || p.schemaUrn().equalsIgnoreCase(coreSchema)
                    || p.schemaUrn().equalsIgnoreCase(SchemaRegistry.USER_SCHEMA)
                    || p.schemaUrn().equalsIgnoreCase(SchemaRegistry.GROUP_SCHEMA);
        }
    }
}
