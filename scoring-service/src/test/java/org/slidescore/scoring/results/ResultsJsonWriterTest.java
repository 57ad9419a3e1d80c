package org.slidescore.scoring.results;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultsJsonWriterTest {
    static String json(ResultRow r, Instant t) {
        StringBuilder sb = new StringBuilder();
        ResultsJsonWriter.write(sb, 42, r, t);
        return sb.toString();
    }

    @Test
    void plainRowHasNoCaseAndNoTmaKeys() {
        assertEquals("{\"id\":42,\"imageID\":7,\"imageName\":\"img\",\"user\":\"a@b\",\"question\":\"Q\",\"answer\":\"x\","
                        + "\"lastModifiedOn\":\"2024-01-01T10:00:00Z\"}",
                json(new ResultRow(0, null, 7L, "img", "a@b", null, null, null, "Q", "x"),
                        Instant.parse("2024-01-01T10:00:00Z")));
    }

    @Test
    void tmaAndCaseRowsCarryTheirKeysInContractOrder() {
        assertEquals("{\"id\":42,\"imageID\":7,\"imageName\":\"img\",\"caseName\":\"C\",\"user\":\"a@b\",\"tmaRow\":1,"
                        + "\"tmaCol\":2,\"tmaSampleID\":\"S\",\"question\":\"Q\",\"answer\":\"x\"}",
                json(new ResultRow(0, "C", 7L, "img", "a@b", 1, 2, "S", "Q", "x"), null));
    }

    @Test
    void caseLevelRowHasNullImageAndValuesAreEscaped() {
        assertEquals("{\"id\":42,\"imageID\":null,\"imageName\":\"\",\"caseName\":\"C\",\"user\":\"a@b\",\"question\":"
                        + "\"Q \\\"q\\\"\",\"answer\":\"[{\\\"x\\\":1}]\\n\\t\"}",
                json(new ResultRow(0, "C", null, "", "a@b", null, null, null, "Q \"q\"", "[{\"x\":1}]\n\t"), null));
    }
}
