package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.filter.Filter;
import io.scimlab.core.filter.FilterOptions;
import io.scimlab.core.patch.PatchOptions;
import io.scimlab.core.schema.ServiceProviderConfig;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The configuration and SPI types are values: builders round-trip, presets keep their meaning. */
class ConfigurationValuesTest {

    @Test
    void patchOptionsPresetsAndBuilder() {
        PatchOptions lenient = PatchOptions.lenient();
        assertThat(List.of(lenient.caseInsensitiveOps(), lenient.coerceValues(), lenient.pathKeysInValue(),
                lenient.createOnAbsent(), lenient.removeByValue(), lenient.tolerateUnchangedReadOnly(),
                lenient.emptyValueClears(), lenient.allowEmptyOperations(), lenient.ignoreMismatchedId()))
                .containsOnly(true);
        assertThat(lenient.requireSchemas()).isFalse();
        PatchOptions strict = PatchOptions.strictRfc();
        assertThat(List.of(strict.caseInsensitiveOps(), strict.coerceValues(), strict.pathKeysInValue(),
                strict.createOnAbsent(), strict.removeByValue(), strict.tolerateUnchangedReadOnly(),
                strict.emptyValueClears(), strict.allowEmptyOperations(), strict.ignoreMismatchedId()))
                .containsOnly(false);
        assertThat(strict.requireSchemas()).isTrue();

        assertThat(lenient.toBuilder().build()).isEqualTo(lenient).hasSameHashCodeAs(lenient);
        assertThat(PatchOptions.builder().build()).isEqualTo(lenient);
        PatchOptions oneOff = lenient.toBuilder().createOnAbsent(false).build();
        assertThat(oneOff).isNotEqualTo(lenient);
        assertThat(oneOff.createOnAbsent()).isFalse();
        assertThat(oneOff.toString()).contains("createOnAbsent=false", "removeByValue=true");
    }

    @Test
    void filterOptionsIsAValue() {
        FilterOptions tight = FilterOptions.builder().maxLength(10).maxTerms(2).build();
        assertThat(tight.toBuilder().build()).isEqualTo(tight).hasSameHashCodeAs(tight);
        assertThat(tight).isNotEqualTo(FilterOptions.lenient());
        assertThat(FilterOptions.strictRfc().strict()).isTrue();
        assertThat(tight.toString()).contains("maxLength=10", "maxTerms=2");
        assertThatThrownBy(() -> FilterOptions.builder().maxTerms(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsDefaultsAndBuilder() {
        Limits d = Limits.defaults();
        assertThat(List.of(d.maxBodyBytes(), d.maxNestingDepth(), d.maxResults(), d.bulkMaxOperations(),
                d.bulkMaxPayloadBytes(), d.maxVersionRetries(), d.maxOffset(), d.maxStringLength(),
                d.maxNameLength())).containsExactly(1 << 20, 64, 1000, 1000, 4 << 20, 10, 100_000, 65_536, 1_024);
        assertThat(Limits.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
        Limits small = d.toBuilder().maxBodyBytes(100).build();
        assertThat(small).isNotEqualTo(d);
        assertThat(small.toBuilder().build()).isEqualTo(small);
        assertThat(small.toString()).contains("maxBodyBytes=100");
        assertThatThrownBy(() -> Limits.builder().maxNestingDepth(3).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limits.builder().maxStringLength(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compatibilityPresetsAndBuilder() {
        Compatibility lenient = Compatibility.lenient();
        assertThat(lenient.patch()).isEqualTo(PatchOptions.lenient());
        assertThat(lenient.filter()).isEqualTo(FilterOptions.lenient());
        assertThat(lenient.strictReader()).isFalse();
        assertThat(lenient.discoveryAliases()).isTrue();
        Compatibility strict = Compatibility.strictRfc();
        assertThat(strict.patch()).isEqualTo(PatchOptions.strictRfc());
        assertThat(strict.filter()).isEqualTo(FilterOptions.strictRfc());
        assertThat(strict.strictReader()).isTrue();
        assertThat(strict.discoveryAliases()).isFalse();
        assertThat(strict.toBuilder().build()).isEqualTo(strict).hasSameHashCodeAs(strict);
        assertThat(Compatibility.builder().build()).isEqualTo(lenient);
        assertThat(lenient.toBuilder().strictReader(true).build()).isNotEqualTo(lenient);
        // 200 or 204 is the server's choice (RFC 7644 §3.5.2), not a leniency: off in both presets.
        assertThat(lenient.patchNoContent()).isFalse();
        assertThat(strict.patchNoContent()).isFalse();
        Compatibility noContent = lenient.toBuilder().patchNoContent(true).build();
        assertThat(noContent.patchNoContent()).isTrue();
        assertThat(noContent).isNotEqualTo(lenient);
        assertThat(noContent.toString()).contains("patchNoContent=true");
    }

    @Test
    void resourceQueryIsAValue() {
        Filter filter = Filter.parse("userName eq \"a\"");
        ResourceQuery q = ResourceQuery.builder().filter(filter).sortBy("userName").descending(true).startIndex(3)
                .count(7).build();
        assertThat(q.filter()).contains(filter);
        assertThat(q.sortBy()).contains("userName");
        assertThat(q.descending()).isTrue();
        assertThat(q.startIndex()).isEqualTo(3);
        assertThat(q.count()).isEqualTo(7);
        assertThat(q.cursorPaged()).isFalse();
        assertThat(q.toBuilder().build()).isEqualTo(q).hasSameHashCodeAs(q);
        assertThat(q.toString()).contains("userName eq \"a\"", "startIndex=3");
        assertThat(ResourceQuery.all(5)).isEqualTo(ResourceQuery.builder().count(5).build());
        ResourceQuery byCursor = ResourceQuery.byCursor(Optional.empty(), "", 10);
        assertThat(byCursor.cursorPaged()).isTrue();
        assertThat(byCursor.cursor()).contains("");
        assertThatThrownBy(() -> ResourceQuery.builder().startIndex(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourceQuery.builder().count(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryResultChecksItsShape() {
        QueryResult page = QueryResult.builder(Stream.empty()).filtered(true).sorted(true).paged(true)
                .totalResults(0).build();
        assertThat(page.paged()).isTrue();
        assertThat(page.totalResults()).hasValue(0);
        assertThat(QueryResult.filtered(Stream.empty()).filtered()).isTrue();
        assertThat(QueryResult.unfiltered(Stream.empty()).filtered()).isFalse();
        assertThat(QueryResult.cursorPage(Stream.empty(), Optional.of("n"), java.util.OptionalInt.empty())
                .nextCursor()).contains("n");
        assertThatThrownBy(() -> QueryResult.builder(Stream.empty()).paged(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totalResults");
        assertThatThrownBy(() -> QueryResult.builder(Stream.empty()).nextCursor("n").build())
                .isInstanceOf(IllegalArgumentException.class);
        Stream<io.scimlab.core.resource.ScimResource> s = Stream.empty();
        assertThat(QueryResult.filtered(s)).isEqualTo(QueryResult.filtered(s));
    }

    @Test
    void serviceProviderConfigRoundTripsThroughJson() {
        ServiceProviderConfig config = ServiceProviderConfig.builder().patchSupported(true)
                .bulk(new ServiceProviderConfig.Bulk(true, 10, 1000))
                .filter(new ServiceProviderConfig.Filter(true, 50)).etagSupported(true)
                .authenticationSchemes(List.of(ServiceProviderConfig.AuthenticationScheme.bearerToken()))
                .build();
        assertThat(ServiceProviderConfig.fromJson(config.toJson())).isEqualTo(config);
        assertThat(config.toBuilder().sortSupported(true).build()).isNotEqualTo(config);
        assertThat(config.pagination()).isEmpty();
        assertThat(config.documentationUri()).isEmpty();
    }
}
