package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ExperimentSummary;
import software.amazon.awssdk.services.sagemaker.model.Filter;
import software.amazon.awssdk.services.sagemaker.model.ListTrialComponentsResponse;
import software.amazon.awssdk.services.sagemaker.model.Operator;
import software.amazon.awssdk.services.sagemaker.model.ResourceType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SearchExpression;
import software.amazon.awssdk.services.sagemaker.model.SearchRecord;
import software.amazon.awssdk.services.sagemaker.model.SearchResponse;
import software.amazon.awssdk.services.sagemaker.model.SortExperimentsBy;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentSummary;
import software.amazon.awssdk.services.sagemaker.model.TrialSummary;

/**
 * Pagination of listings and searches through the AWS SDK for Java v2: NextToken only when another page has
 * results, tokens that cannot be forged, altered, or used by another account or for another request, and pages that
 * give every record exactly once while the records change underneath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@DisplayName("Pagination of SageMaker Experiments listings and searches")
class ExperimentsPaginationIT {
  /** Each test works in its own account (local mode: a 12-digit access key is the account). */
  static final String PAGES = "100000000001";
  static final String TOKENS = "100000000002";
  static final String OTHER = "100000000003";
  static final String CHURN = "100000000004";

  static final String TIES = "100000000006";
  static final String EXPIRY = "100000000007";

  final SteppingClock clock = new SteppingClock();
  StepwiseTestServer server;

  @BeforeAll
  void start(@TempDir Path dir) {
    // Every read of the clock a millisecond later: an update changes LastModifiedTime, the default sort of Search.
    server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), clock);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** A page as the test sees it: the names on it and the token of the next. */
  record Page(List<String> names, String nextToken) {}

  /** Calls one page of a listing or search, given the token of the previous (null for the first). */
  @FunctionalInterface
  interface PageCall {
    Page call(String token);
  }

  /**
   * Every page to the end, checking that each token leads to a page with results and that the last page has none;
   * with {@code fullPages}, that every page but the last holds {@code pageSize} records.
   */
  static List<Page> walk(PageCall call, int pageSize, boolean fullPages) {
    List<Page> pages = new ArrayList<>();
    String token = null;
    do {
      Page page = call.call(token);
      assertThat(page.names()).as("page %d", pages.size() + 1).hasSizeLessThanOrEqualTo(pageSize);
      if (token != null) {
        assertThat(page.names()).as("the page a NextToken led to (%d)", pages.size() + 1).isNotEmpty();
      }
      if (fullPages && page.nextToken() != null) {
        assertThat(page.names()).as("a page followed by another").hasSize(pageSize);
      }
      pages.add(page);
      token = page.nextToken();
      assertThat(pages).as("pages so far").hasSizeLessThan(1_000);
    } while (token != null);
    return pages;
  }

  static List<String> names(List<Page> pages) {
    return pages.stream().flatMap(p -> p.names().stream()).toList();
  }

  static Page searchPage(SageMakerClient c, ResourceType resource, SearchExpression expression, Integer max,
      String token) {
    SearchResponse r = c.search(b -> b.resource(resource).searchExpression(expression).maxResults(max)
        .nextToken(token));
    return new Page(r.results().stream().map(ExperimentsPaginationIT::recordName).toList(), r.nextToken());
  }

  static String recordName(SearchRecord record) {
    if (record.experiment() != null) {
      return record.experiment().experimentName();
    }
    if (record.trial() != null) {
      return record.trial().trialName();
    }
    return record.trialComponent().trialComponentName();
  }

  static SearchExpression equalsFilter(String name, String value) {
    return SearchExpression.builder()
        .filters(Filter.builder().name(name).operator(Operator.EQUALS).value(value).build())
        .build();
  }

  static Page trialComponentPage(ListTrialComponentsResponse r) {
    return new Page(r.trialComponentSummaries().stream().map(TrialComponentSummary::trialComponentName).toList(),
        r.nextToken());
  }

  static SageMakerException assertInvalidToken(ThrowingCallable call) {
    SageMakerException e = catchThrowableOfType(SageMakerException.class, call);
    assertThat(e).as("the call fails").isNotNull();
    assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo("ValidationException");
    assertThat(e.awsErrorDetails().errorMessage()).contains("NextToken");
    return e;
  }

  @Test
  @DisplayName("NextToken is present only when another page has results, for every listing and search")
  void tokensOnlyBeforeResults() {
    try (SageMakerClient c = server.sageMaker(PAGES)) {
      List<String> experiments = IntStream.range(0, 10).mapToObj(i -> "pages-exp-" + i).toList();
      List<String> trials = IntStream.range(0, 10).mapToObj(i -> "pages-trial-" + i).toList();
      List<String> components = IntStream.range(0, 10).mapToObj(i -> "pages-tc-" + i).toList();
      experiments.forEach(name -> c.createExperiment(b -> b.experimentName(name)));
      trials.forEach(name -> c.createTrial(b -> b.trialName(name).experimentName("pages-exp-0")));
      components.forEach(name -> {
        c.createTrialComponent(b -> b.trialComponentName(name));
        c.associateTrialComponent(b -> b.trialName("pages-trial-0").trialComponentName(name));
      });

      Map<String, Function<Integer, PageCall>> calls = new LinkedHashMap<>();
      calls.put("ListExperiments", max -> token -> {
        var r = c.listExperiments(b -> b.maxResults(max).nextToken(token).sortBy(SortExperimentsBy.NAME)
            .sortOrder(SortOrder.ASCENDING));
        return new Page(r.experimentSummaries().stream().map(ExperimentSummary::experimentName).toList(),
            r.nextToken());
      });
      calls.put("ListTrials", max -> token -> {
        var r = c.listTrials(b -> b.experimentName("pages-exp-0").maxResults(max).nextToken(token));
        return new Page(r.trialSummaries().stream().map(TrialSummary::trialName).toList(), r.nextToken());
      });
      calls.put("ListTrialComponents", max -> token -> trialComponentPage(
          c.listTrialComponents(b -> b.trialName("pages-trial-0").maxResults(max).nextToken(token))));
      calls.put("Search Experiment", max -> token -> searchPage(c, ResourceType.EXPERIMENT,
          SearchExpression.builder().filters(Filter.builder().name("ExperimentName").operator(Operator.CONTAINS)
              .value("pages-exp-").build()).build(), max, token));
      calls.put("Search ExperimentTrial", max -> token ->
          searchPage(c, ResourceType.EXPERIMENT_TRIAL, equalsFilter("ExperimentName", "pages-exp-0"), max, token));
      calls.put("Search ExperimentTrialComponent", max -> token -> searchPage(c,
          ResourceType.EXPERIMENT_TRIAL_COMPONENT, equalsFilter("Parents.TrialName", "pages-trial-0"), max, token));
      Map<String, List<String>> expected = Map.of("ListExperiments", experiments, "ListTrials", trials,
          "ListTrialComponents", components, "Search Experiment", experiments, "Search ExperimentTrial", trials,
          "Search ExperimentTrialComponent", components);

      calls.forEach((operation, call) -> {
        for (int max : new int[] {1, 3, 5, 9, 10, 11, 100}) {
          List<Page> pages = walk(call.apply(max), max, true);
          assertThat(names(pages)).as("%s, %d a page", operation, max)
              .containsExactlyInAnyOrderElementsOf(expected.get(operation));
          assertThat(pages).as("%s, %d a page", operation, max).hasSize((10 + max - 1) / max);
        }
        // Without MaxResults: SageMaker's default page of 10, so ten records fit on one page.
        List<Page> pages = walk(call.apply(null), 10, true);
        assertThat(pages).as("%s without MaxResults", operation).hasSize(1);
      });

      // Nothing to list or find: one empty page, no token.
      var noTrials = c.listTrials(b -> b.experimentName("pages-exp-1").maxResults(1));
      assertThat(noTrials.trialSummaries()).isEmpty();
      assertThat(noTrials.nextToken()).isNull();
      var noComponents = c.listTrialComponents(b -> b.experimentName("pages-exp-1").maxResults(1));
      assertThat(noComponents.trialComponentSummaries()).isEmpty();
      assertThat(noComponents.nextToken()).isNull();
      SearchResponse none = c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1)
          .searchExpression(equalsFilter("Parents.ExperimentName", "pages-exp-1")));
      assertThat(none.results()).isEmpty();
      assertThat(none.nextToken()).isNull();

      // The SDK's own paginators reach the end and stop.
      assertThat(c.listTrialComponentsPaginator(b -> b.trialName("pages-trial-0").maxResults(3))
          .trialComponentSummaries().stream().map(TrialComponentSummary::trialComponentName).toList())
          .containsExactlyElementsOf(components.reversed());
      assertThat(c.searchPaginator(b -> b.resource(ResourceType.EXPERIMENT_TRIAL).maxResults(4)
              .searchExpression(equalsFilter("ExperimentName", "pages-exp-0"))).results().stream()
          .map(ExperimentsPaginationIT::recordName).toList())
          .containsExactlyInAnyOrderElementsOf(trials);
    }
  }

  /** The token with the character at {@code index} replaced by another base64url character. */
  static String altered(String token, int index) {
    char c = token.charAt(index);
    return token.substring(0, index) + (c == 'A' ? 'B' : 'A') + token.substring(index + 1);
  }

  @Test
  @DisplayName("a forged or altered token, or one of another request, is a ValidationException")
  void forgedAndAlteredTokens() {
    try (SageMakerClient c = server.sageMaker(TOKENS)) {
      for (int i = 0; i < 3; i++) {
        String name = "tokens-" + i;
        c.createExperiment(b -> b.experimentName(name));
        c.createTrialComponent(b -> b.trialComponentName(name));
      }
      String listToken = c.listExperiments(b -> b.maxResults(1)).nextToken();
      String searchToken = c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1))
          .nextToken();
      assertThat(listToken).isNotNull();
      assertThat(searchToken).isNotNull();
      int dot = listToken.indexOf('.');
      assertThat(dot).as("a token is <payload>.<seal>, as PageTokens makes it").isPositive();

      List<String> forgeries = new ArrayList<>(List.of(
          altered(listToken, 3), // the payload
          altered(listToken, dot + 3), // the seal
          listToken.substring(0, listToken.length() - 2),
          listToken + "AA",
          listToken.substring(0, dot),
          "not-a-token",
          "a.b",
          // A payload of our own making with a seal of zeros.
          Base64.getUrlEncoder().withoutPadding().encodeToString(
              (TOKENS + "\nus-east-1\nx\n0\ntokens-0").getBytes(StandardCharsets.UTF_8)) + "."
              + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16])));
      for (String forged : forgeries) {
        assertInvalidToken(() -> c.listExperiments(b -> b.maxResults(1).nextToken(forged)));
        assertInvalidToken(() -> c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1)
            .nextToken(forged)));
      }

      // A token continues only the request it came from.
      assertInvalidToken(() -> c.listTrialComponents(b -> b.maxResults(1).nextToken(listToken)));
      assertInvalidToken(() -> c.listExperiments(b -> b.maxResults(1).sortOrder(SortOrder.ASCENDING)
          .nextToken(listToken)));
      assertInvalidToken(() -> c.search(b -> b.resource(ResourceType.EXPERIMENT).maxResults(1).nextToken(listToken)));
      assertInvalidToken(() -> c.search(b -> b.resource(ResourceType.EXPERIMENT).maxResults(1)
          .nextToken(searchToken)));
      assertInvalidToken(() -> c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1)
          .searchExpression(equalsFilter("TrialComponentName", "tokens-1")).nextToken(searchToken)));
      assertInvalidToken(() -> c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1)
          .sortBy("CreationTime").nextToken(searchToken)));
      assertInvalidToken(() -> c.listExperiments(b -> b.maxResults(1).nextToken(searchToken)));

      // The genuine tokens still work, each to the end.
      assertThat(names(walk(token -> {
        var r = c.listExperiments(b -> b.maxResults(1).nextToken(token == null ? listToken : token));
        return new Page(r.experimentSummaries().stream().map(ExperimentSummary::experimentName).toList(),
            r.nextToken());
      }, 1, true))).hasSize(2);
      assertThat(names(walk(token -> searchPage(c, ResourceType.EXPERIMENT_TRIAL_COMPONENT, null, 1,
          token == null ? searchToken : token), 1, true))).hasSize(2);
    }
  }

  @Test
  @DisplayName("a token used by another account, or in another region, is a ValidationException")
  void tokensOfAnotherAccount() {
    try (SageMakerClient owner = server.sageMaker(OTHER);
        SageMakerClient other = server.sageMaker("100000000005");
        SageMakerClient otherRegion = SageMakerClient.builder().endpointOverride(server.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(OTHER, "secret")))
            .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
            .build()) {
      for (int i = 0; i < 3; i++) {
        String name = "other-" + i;
        owner.createExperiment(b -> b.experimentName(name));
        owner.createTrialComponent(b -> b.trialComponentName(name));
        // The same names in the other account, so that its request would have a second page of its own.
        other.createExperiment(b -> b.experimentName(name));
        other.createTrialComponent(b -> b.trialComponentName(name));
      }
      String listToken = owner.listExperiments(b -> b.maxResults(1)).nextToken();
      String searchToken = owner.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1))
          .nextToken();

      for (SageMakerClient stranger : List.of(other, otherRegion)) {
        assertInvalidToken(() -> stranger.listExperiments(b -> b.maxResults(1).nextToken(listToken)));
        assertInvalidToken(() -> stranger.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
            .maxResults(1).nextToken(searchToken)));
      }
      assertThat(owner.listExperiments(b -> b.maxResults(1).nextToken(listToken)).experimentSummaries()).hasSize(1);
      assertThat(owner.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1)
          .nextToken(searchToken)).results()).hasSize(1);
    }
  }

  /** 25 trial components in one trial, for the tests that change them while paging. */
  List<String> churnComponents(SageMakerClient c, String prefix) {
    c.createExperiment(b -> b.experimentName(prefix));
    c.createTrial(b -> b.trialName(prefix + "-trial").experimentName(prefix));
    List<String> names = IntStream.range(0, 25).mapToObj(i -> prefix + "-tc-" + i).toList();
    for (String name : names) {
      c.createTrialComponent(b -> b.trialComponentName(name));
      c.associateTrialComponent(b -> b.trialName(prefix + "-trial").trialComponentName(name));
    }
    return names;
  }

  static void touch(SageMakerClient c, String name, int n) {
    c.updateTrialComponent(b -> b.trialComponentName(name).displayName("touched-" + n));
  }

  @Test
  @DisplayName("a Search paged by LastModifiedTime gives every record once when each page's records are updated")
  void searchWhileTheNextPagesAreUpdated() {
    try (SageMakerClient c = server.sageMaker(CHURN)) {
      List<String> names = churnComponents(c, "reorder");
      SearchExpression inTrial = equalsFilter("Parents.TrialName", "reorder-trial");
      AtomicInteger touches = new AtomicInteger();

      List<Page> pages = new ArrayList<>();
      Page page = searchPage(c, ResourceType.EXPERIMENT_TRIAL_COMPONENT, inTrial, 10, null);
      pages.add(page);
      while (page.nextToken() != null) {
        // Every record not yet seen becomes the most recently modified: it would move to the first page.
        List<String> seen = names(pages);
        names.stream().filter(n -> !seen.contains(n)).forEach(n -> touch(c, n, touches.incrementAndGet()));
        page = searchPage(c, ResourceType.EXPERIMENT_TRIAL_COMPONENT, inTrial, 10, page.nextToken());
        pages.add(page);
      }

      assertThat(pages).extracting(p -> p.names().size()).containsExactly(10, 10, 5);
      assertThat(names(pages)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(names);
      // The first page was in LastModifiedTime order, newest first: the last created first.
      assertThat(pages.getFirst().names()).isEqualTo(names.reversed().subList(0, 10));
      // A new search sees the new order: those touched last first, then those touched once, then the others.
      List<String> newOrder = new ArrayList<>();
      IntStream.of(4, 3, 2, 1, 0).forEach(i -> newOrder.add("reorder-tc-" + i));
      IntStream.iterate(14, i -> i >= 5, i -> i - 1).forEach(i -> newOrder.add("reorder-tc-" + i));
      IntStream.iterate(24, i -> i >= 15, i -> i - 1).forEach(i -> newOrder.add("reorder-tc-" + i));
      assertThat(searchPage(c, ResourceType.EXPERIMENT_TRIAL_COMPONENT, inTrial, 25, null).names())
          .containsExactlyElementsOf(newOrder);
      assertThat(touches).hasValue(15 + 5);
    }
  }

  @Test
  @DisplayName("a Search and a listing paged while another thread updates the records give each record once")
  void pagingWhileAnotherThreadUpdates() throws Exception {
    try (SageMakerClient reader = server.sageMaker(CHURN);
        SageMakerClient writer = server.sageMaker(CHURN)) {
      List<String> names = churnComponents(reader, "concurrent");
      SearchExpression inTrial = equalsFilter("Parents.TrialName", "concurrent-trial");
      Semaphore updates = new Semaphore(0);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<Integer> updater = pool.submit(() -> {
        int n = 0;
        while (!stop.get()) {
          // Newest first: the records the reader has not reached yet move to the front.
          touch(writer, names.get(24 - n % 25), n);
          n++;
          updates.release();
        }
        return n;
      });
      try {
        for (int round = 0; round < 5; round++) {
          List<Page> searched = walk(token -> {
            awaitUpdates(updates, 3);
            return searchPage(reader, ResourceType.EXPERIMENT_TRIAL_COMPONENT, inTrial, 10, token);
          }, 10, true);
          assertThat(names(searched)).as("search round %d", round).doesNotHaveDuplicates()
              .containsExactlyInAnyOrderElementsOf(names);

          List<Page> listed = walk(token -> {
            awaitUpdates(updates, 3);
            return trialComponentPage(reader.listTrialComponents(b -> b.trialName("concurrent-trial").maxResults(10)
                .nextToken(token)));
          }, 10, true);
          assertThat(names(listed)).as("listing round %d", round).containsExactlyElementsOf(names.reversed());
        }
      } finally {
        stop.set(true);
        pool.shutdown();
      }
      assertThat(updater.get(30, TimeUnit.SECONDS)).as("updates made while paging").isGreaterThanOrEqualTo(5 * 6 * 3);
      var described = reader.describeTrialComponent(b -> b.trialComponentName(names.getLast()));
      assertThat(described.lastModifiedTime()).as("updates change LastModifiedTime")
          .isAfter(described.creationTime());
    }
  }

  /** Waits until the other thread has made {@code count} more updates: pages are then asked for between them. */
  static void awaitUpdates(Semaphore updates, int count) {
    try {
      assertThat(updates.tryAcquire(count, 30, TimeUnit.SECONDS)).as("the updater keeps updating").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("records deleted between a Search's pages are left out, records created are not added")
  void searchWhileRecordsComeAndGo() {
    try (SageMakerClient c = server.sageMaker(CHURN)) {
      List<String> names = churnComponents(c, "comego");
      SearchExpression inExperiment = equalsFilter("Parents.ExperimentName", "comego");

      Page first = searchPage(c, ResourceType.EXPERIMENT_TRIAL_COMPONENT, inExperiment, 10, null);
      String gone = names.stream().filter(n -> !first.names().contains(n)).findFirst().orElseThrow();
      c.disassociateTrialComponent(b -> b.trialName("comego-trial").trialComponentName(gone));
      c.deleteTrialComponent(b -> b.trialComponentName(gone));
      c.createTrialComponent(b -> b.trialComponentName("comego-new"));
      c.associateTrialComponent(b -> b.trialName("comego-trial").trialComponentName("comego-new"));
      List<Page> pages = new ArrayList<>(List.of(first));
      pages.addAll(walk(token -> searchPage(c, ResourceType.EXPERIMENT_TRIAL_COMPONENT, inExperiment, 10,
          token == null ? first.nextToken() : token), 10, false));

      assertThat(names(pages)).doesNotHaveDuplicates().doesNotContain(gone, "comego-new")
          .containsExactlyInAnyOrderElementsOf(names.stream().filter(n -> !n.equals(gone)).toList());
    }
  }

  @Test
  @DisplayName("listings page through entities created in the same millisecond, each once, in either order")
  void listingsThroughTies(@TempDir Path dir) {
    // The fixed clock: every entity has the same CreationTime, so the order within it is the name's.
    try (StepwiseTestServer fixed = new StepwiseTestServer(dir);
        SageMakerClient c = fixed.sageMaker(TIES)) {
      c.createExperiment(b -> b.experimentName("ties"));
      c.createTrial(b -> b.trialName("ties-trial").experimentName("ties"));
      List<String> names = IntStream.range(0, 10).mapToObj(i -> "ties-tc-" + (char) ('j' - i)).toList();
      for (String name : names) {
        c.createTrialComponent(b -> b.trialComponentName(name));
        c.associateTrialComponent(b -> b.trialName("ties-trial").trialComponentName(name));
      }
      assertThat(c.describeTrialComponent(b -> b.trialComponentName(names.getFirst())).creationTime())
          .isEqualTo(c.describeTrialComponent(b -> b.trialComponentName(names.getLast())).creationTime());

      Map<SortOrder, List<String>> byOrder = new LinkedHashMap<>();
      for (SortOrder order : List.of(SortOrder.ASCENDING, SortOrder.DESCENDING)) {
        for (int max : new int[] {1, 3, 4}) {
          List<String> listed = names(walk(token -> trialComponentPage(c.listTrialComponents(b -> b
              .experimentName("ties").sortOrder(order).maxResults(max).nextToken(token))), max, true));
          assertThat(listed).as("%s, %d a page", order, max).doesNotHaveDuplicates()
              .containsExactlyInAnyOrderElementsOf(names);
          List<String> first = byOrder.putIfAbsent(order, listed);
          assertThat(listed).as("the same order whatever the page size").isEqualTo(first == null ? listed : first);
        }
      }
      assertThat(byOrder.get(SortOrder.DESCENDING)).isEqualTo(byOrder.get(SortOrder.ASCENDING).reversed());
    }
  }

  @Test
  @DisplayName("a Search's later pages can be read for 30 minutes; a listing's token does not expire")
  void searchTokensExpire() {
    try (SageMakerClient c = server.sageMaker(EXPIRY)) {
      for (int i = 0; i < 3; i++) {
        String name = "expiry-" + i;
        c.createTrialComponent(b -> b.trialComponentName(name));
      }
      String early = c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1)).nextToken();
      String listToken = c.listTrialComponents(b -> b.maxResults(1)).nextToken();
      clock.advance(Duration.ofMinutes(29));
      String late = c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1)).nextToken();
      assertThat(c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1).nextToken(early))
          .results()).as("29 minutes on").hasSize(1);

      clock.advance(Duration.ofMinutes(2));

      assertThat(assertInvalidToken(() -> c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
          .maxResults(1).nextToken(early))).awsErrorDetails().errorMessage()).contains("expired");
      assertThat(c.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1).nextToken(late))
          .results()).as("2 minutes after it was made").hasSize(1);
      assertThat(c.listTrialComponents(b -> b.maxResults(1).nextToken(listToken)).trialComponentSummaries())
          .hasSize(1);
    }
  }
}
