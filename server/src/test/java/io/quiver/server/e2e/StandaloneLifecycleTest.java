package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.HasPartitionReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.GetReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The whole collection lifecycle through the official Milvus Java SDK, as a user drives it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneLifecycleTest {
    static final String DOCS = "docs";
    static final long SEED = Long.getLong("quiver.test.seed", 20261122L);

    @TempDir
    static Path dataDirectory;

    static QuiverStandalone quiver;
    static MilvusClientV2 client;
    static final List<float[]> vectors = new ArrayList<>();

    @BeforeAll
    static void start() {
        System.out.println("StandaloneLifecycleTest seed=" + SEED);
        quiver = new QuiverStandalone(dataDirectory).start();
        client = quiver.client();
    }

    @AfterAll
    static void stop() {
        quiver.close();
    }

    static CreateCollectionReq.CollectionSchema docsSchema() {
        return Rows.schema(client, 64);
    }

    static long count(String filter) {
        return Rows.count(client, DOCS, filter, List.of());
    }

    static List<SearchResp.SearchResult> search(float[] query, int limit, String filter, ConsistencyLevel level) {
        return client.search(SearchReq.builder()
                        .collectionName(DOCS)
                        .data(List.of(new FloatVec(query)))
                        .limit(limit)
                        .filter(filter)
                        .outputFields(List.of("title", "label"))
                        .searchParams(Map.of("ef", 64))
                        .consistencyLevel(level)
                        .build())
                .getSearchResults()
                .getFirst();
    }

    @Test
    @Order(1)
    void createsDescribesAndListsCollections() {
        client.createCollection(CreateCollectionReq.builder()
                .collectionName(DOCS)
                .collectionSchema(docsSchema())
                .numShards(2)
                .build());
        assertThat(client.hasCollection(
                        HasCollectionReq.builder().collectionName(DOCS).build()))
                .isTrue();
        assertThat(client.hasCollection(
                        HasCollectionReq.builder().collectionName("nope").build()))
                .isFalse();
        var description = client.describeCollection(
                DescribeCollectionReq.builder().collectionName(DOCS).build());
        assertThat(description.getFieldNames()).containsExactly("id", "vector", "label", "title");
        assertThat(description.getPrimaryFieldName()).isEqualTo("id");
        assertThat(description.getNumOfPartitions()).isEqualTo(1);
        assertThat(client.listCollections().getCollectionNames()).contains(DOCS);

        client.createPartition(CreatePartitionReq.builder()
                .collectionName(DOCS)
                .partitionName("archive")
                .build());
        assertThat(client.hasPartition(HasPartitionReq.builder()
                        .collectionName(DOCS)
                        .partitionName("archive")
                        .build()))
                .isTrue();
        assertThat(client.listPartitions(
                        ListPartitionsReq.builder().collectionName(DOCS).build()))
                .containsExactly("_default", "archive");
    }

    @Test
    @Order(2)
    void insertsFlushesIndexesAndLoads() {
        Random random = new Random(SEED);
        for (int batch = 0; batch < 3; batch++) {
            var rows = Rows.rows(batch * 400L, 400, random, vectors);
            var response = client.insert(
                    InsertReq.builder().collectionName(DOCS).data(rows).build());
            assertThat(response.getInsertCnt()).isEqualTo(400);
        }
        client.flush(FlushReq.builder().collectionNames(List.of(DOCS)).build());
        client.createIndex(CreateIndexReq.builder()
                .collectionName(DOCS)
                .indexParams(List.of(IndexParam.builder()
                        .fieldName("vector")
                        .indexType(IndexParam.IndexType.HNSW)
                        .metricType(IndexParam.MetricType.L2)
                        .extraParams(Map.of("M", 16, "efConstruction", 100))
                        .build()))
                .build());
        client.loadCollection(LoadCollectionReq.builder().collectionName(DOCS).build());
        assertThat(client.getLoadState(
                        GetLoadStateReq.builder().collectionName(DOCS).build()))
                .isTrue();
        var index = client.describeIndex(DescribeIndexReq.builder()
                        .collectionName(DOCS)
                        .fieldName("vector")
                        .build())
                .getIndexDescriptions()
                .getFirst();
        assertThat(index.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
        assertThat(index.getMetricType()).isEqualTo(IndexParam.MetricType.L2);
        assertThat(index.getTotalRows()).isEqualTo(1200);
    }

    @Test
    @Order(3)
    void strongSearchFindsEveryStoredVectorItself() {
        for (int id : new int[] {0, 1, 399, 400, 777, 1199}) {
            var hits = search(vectors.get(id), 5, "", ConsistencyLevel.STRONG);
            assertThat(hits).hasSize(5);
            assertThat(hits.getFirst().getId()).isEqualTo((long) id);
            assertThat(hits.getFirst().getScore()).isLessThan(1e-4f);
            assertThat(hits.getFirst().getEntity())
                    .containsEntry("title", "doc-" + id)
                    .containsEntry("label", id % 10);
            for (int i = 1; i < hits.size(); i++) {
                assertThat(hits.get(i).getScore())
                        .isGreaterThanOrEqualTo(hits.get(i - 1).getScore());
            }
        }
    }

    @Test
    @Order(4)
    void filteredSearchAndQueriesAreExact() {
        var hits = search(vectors.get(5), 10, "label == 3", ConsistencyLevel.STRONG);
        assertThat(hits).hasSize(10).allSatisfy(h -> assertThat(h.getEntity()).containsEntry("label", 3));
        assertThat(count("")).isEqualTo(1200);
        assertThat(count("label in [1, 2]")).isEqualTo(240);
        assertThat(count("id >= 100 and id < 200 and not (label == 0)")).isEqualTo(90);
        assertThat(count("title like \"doc-11%\"")).isEqualTo(1 + 10 + 100);
        var page = client.query(QueryReq.builder()
                .collectionName(DOCS)
                .filter("id < 50")
                .outputFields(List.of("title"))
                .offset(10)
                .limit(5)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build());
        assertThat(page.getQueryResults())
                .extracting(r -> r.getEntity().get("id"))
                .containsExactly(10L, 11L, 12L, 13L, 14L);
        var got = client.get(GetReq.builder()
                .collectionName(DOCS)
                .ids(List.of(7L, 8L))
                .outputFields(List.of("title"))
                .build());
        assertThat(got.getGetResults())
                .extracting(r -> r.getEntity().get("title"))
                .containsExactlyInAnyOrder("doc-7", "doc-8");
    }

    @Test
    @Order(5)
    void upsertReplacesAndInsertOfExistingKeyReplaces() {
        Random random = new Random(SEED + 1);
        List<JsonObject> changed = new ArrayList<>();
        for (long id = 0; id < 10; id++) {
            changed.add(Rows.row(id, Rows.vector(random), 42, "upserted-" + id));
        }
        client.upsert(UpsertReq.builder().collectionName(DOCS).data(changed).build());
        client.insert(InsertReq.builder()
                .collectionName(DOCS)
                .data(List.of(Rows.row(10, Rows.vector(random), 43, "reinserted-10")))
                .build());
        assertThat(count("")).isEqualTo(1200);
        assertThat(count("label == 42")).isEqualTo(10);
        assertThat(count("title == \"reinserted-10\"")).isEqualTo(1);
        assertThat(count("title == \"doc-3\"")).isZero();
        var hits = search(vectors.get(3), 100, "", ConsistencyLevel.STRONG);
        Set<Object> ids = new HashSet<>();
        hits.forEach(h -> assertThat(ids.add(h.getId()))
                .as("id %s returned twice", h.getId())
                .isTrue());
    }

    @Test
    @Order(6)
    void deletesByIdsAndByFilterAreVisibleAtOnce() {
        var byIds = client.delete(DeleteReq.builder()
                .collectionName(DOCS)
                .ids(List.of(20L, 21L, 999_999L))
                .build());
        assertThat(byIds.getDeleteCnt()).isEqualTo(2);
        var byFilter = client.delete(
                DeleteReq.builder().collectionName(DOCS).filter("id >= 1100").build());
        assertThat(byFilter.getDeleteCnt()).isEqualTo(100);
        assertThat(count("")).isEqualTo(1098);
        assertThat(count("id in [20, 21]")).isZero();
        var hits = search(vectors.get(1150), 3, "", ConsistencyLevel.STRONG);
        assertThat(hits).noneMatch(h -> (Long) h.getId() >= 1100);
        assertThat(client.getCollectionStats(GetCollectionStatsReq.builder()
                                .collectionName(DOCS)
                                .build())
                        .getNumOfEntities())
                .isEqualTo(1098);
    }

    @Test
    @Order(7)
    void sessionReadsSeeTheCallersOwnWrites() {
        Random random = new Random(SEED + 2);
        float[] v = Rows.vector(random);
        client.insert(InsertReq.builder()
                .collectionName(DOCS)
                .data(List.of(Rows.row(5000, v, 7, "session")))
                .build());
        var hits = search(v, 1, "", ConsistencyLevel.SESSION);
        assertThat(hits.getFirst().getId()).isEqualTo(5000L);
        assertThat(count("")).isEqualTo(1099);
    }

    @Test
    @Order(8)
    @StandaloneOnly("restarts the in-process server on the same data directory;"
            + " the cluster restarts its nodes in its own crash tests")
    void unflushedAndFlushedRowsSurviveARestart() {
        quiver.restart();
        client = quiver.client();
        assertThat(count("")).isEqualTo(1099);
        assertThat(count("label == 42")).isEqualTo(10);
        assertThat(search(vectors.get(600), 1, "", ConsistencyLevel.STRONG)
                        .getFirst()
                        .getId())
                .isEqualTo(600L);
    }

    @Test
    @Order(9)
    void dropsCollections() {
        client.dropCollection(DropCollectionReq.builder().collectionName(DOCS).build());
        assertThat(client.hasCollection(
                        HasCollectionReq.builder().collectionName(DOCS).build()))
                .isFalse();
        assertThatThrownBy(() -> count("")).hasMessageContaining("does not exist");
    }
}
