package dev.stepwise.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RequestLog's operation label")
class RequestLogTest {
  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    "PUT, /BatchPutMetrics, 200, BatchPutMetrics",
    "PUT, /BatchPutMetrics, 429, BatchPutMetrics",
    "POST, /BatchGetMetrics, 400, BatchGetMetrics",
    "GET, /BatchPutMetrics, 404, unknown",
    "GET, /wp-admin/../../etc/passwd, 404, unknown",
    "GET, /health/ready, 503, health",
    "GET, /metrics, 200, metrics",
    "GET, /ui/api/series, 200, dashboard_api",
    "GET, /api/series, 200, dashboard",
    "POST, /, 400, unknown",
    "GET, /charts.html, 200, dashboard",
  })
  @DisplayName("is one of a small fixed set, whatever the path")
  void bounded(String method, String path, int status, String operation) {
    assertThat(RequestLog.operation(method, path, status)).isEqualTo(operation);
  }
}
