#!/usr/bin/env python3
"""Replays with boto3 the requests the SageMaker Python SDK makes for Run, load_run, list_runs, ExperimentAnalytics
and the curve helpers (in the order, and with the members, that the SDK's source and a trace of its requests show),
and checks every answer the SDK reads back.

Usage: sagemaker_sdk_sequences.py ENDPOINT NOW
  ENDPOINT  the server, e.g. http://127.0.0.1:9400 (both SageMaker and SageMaker Metrics)
  NOW       the server's time in epoch seconds: metric timestamps are at most an hour before it

Prints each request and step; ends with 'all N checks passed' and exit status 0, or at the first answer that is not
what the SDK needs, with 'MISMATCH: ...' (what was asked, what was expected, what came) and exit status 1. Any other
failure (an unexpected error answer, a crash) exits non-zero with its traceback.
"""
import datetime
import math
import statistics
import sys
import traceback

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
REGION = "us-east-1"
ARN_PREFIX = "arn:aws:sagemaker:%s:%s:" % (REGION, ACCOUNT)
RUN_TAG = {"Key": "sagemaker:trial-component-source", "Value": "run"}

# The experiment as the user types it; the SDK lowercases it (and the run names) for what it creates.
EXPERIMENT_AS_TYPED = "Stepwise-SDK-Demo"
EXPERIMENT = EXPERIMENT_AS_TYPED.lower()
RUN_GROUP = "Default-Run-Group-" + EXPERIMENT


class Mismatch(Exception):
    pass


class Checks:
    def __init__(self):
        self.count = 0

    def equal(self, actual, expected, what):
        self.count += 1
        if actual != expected:
            raise Mismatch("%s: expected %r, got %r" % (what, expected, actual))

    def true(self, condition, what, actual=None):
        self.count += 1
        if not condition:
            raise Mismatch("%s (got %r)" % (what, actual))

    def close(self, actual, expected, what):
        """Statistics the server computes in floating point: equal to 1e-9 relative."""
        self.count += 1
        if not isinstance(actual, (int, float)) or not math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12):
            raise Mismatch("%s: expected %r, got %r" % (what, expected, actual))


check = Checks()


def step(text):
    print("== " + text, flush=True)


def epoch(value):
    """A timestamp boto3 parsed (a datetime) as epoch seconds."""
    return value.timestamp()


def client_error(call, **kwargs):
    """The ClientError a call must raise."""
    try:
        answer = call(**kwargs)
    except ClientError as e:
        return e
    raise Mismatch("%s(%r) must fail, but answered %r" % (call.__name__, kwargs, answer))


def already_exists(error):
    """What the SDK tests before it describes the existing entity instead."""
    return error.response["Error"]["Code"] == "ValidationException" and "already exists" in error.response["Error"][
        "Message"]


class Server:
    def __init__(self, endpoint):
        session = boto3.session.Session(aws_access_key_id=ACCOUNT,
                                        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                        region_name=REGION)
        # One attempt per call: a retried 5xx would hide a server error behind a success.
        config = Config(retries={"max_attempts": 1, "mode": "standard"})
        self.sm = session.client("sagemaker", endpoint_url=endpoint, config=config)
        self.metrics = session.client("sagemaker-metrics", endpoint_url=endpoint, config=config)
        for client in (self.sm, self.metrics):
            client.meta.events.register("before-parameter-build", self._log_request)

    @staticmethod
    def _log_request(model, params, **kwargs):
        shown = {k: v for k, v in params.items() if k in (
            "ExperimentName", "TrialName", "TrialComponentName", "Resource", "MaxResults", "ArtifactName")}
        if "MetricData" in params:
            shown["MetricData"] = "[%d items]" % len(params["MetricData"])
        if "NextToken" in params:
            shown["NextToken"] = "..."
        print("-> %s %s" % (model.name, shown), flush=True)


class MetricsManager:
    """As the SDK's: every 10th log_metric sends one BatchPutMetrics of the 10; close() sends the rest."""

    def __init__(self, server, trial_component_name):
        self.server = server
        self.trial_component_name = trial_component_name
        self.buffer = []

    def log_metric(self, name, value, timestamp, step=None):
        item = {"MetricName": name, "Value": value, "Timestamp": int(timestamp)}
        if step is not None:
            item["Step"] = step
        self.buffer.append(item)
        if len(self.buffer) == 10:
            self.flush()

    def flush(self):
        if not self.buffer:
            return
        answer = self.server.metrics.batch_put_metrics(TrialComponentName=self.trial_component_name,
                                                       MetricData=self.buffer)
        # A non-empty Errors list raises in the user's code.
        check.equal(answer.get("Errors", []), [], "BatchPutMetrics Errors for %d points" % len(self.buffer))
        self.buffer = []


class Run:
    """The SDK's Run: created (or loaded) by the sequence of the calls reference, then used as a context manager."""

    def __init__(self, server, experiment_name, run_name, display_name=None, tags=None, expect_new=None):
        """expect_new: which of experiment, trial and trial component must be new (True) or exist already (False)."""
        self.server = server
        sm = server.sm
        self.experiment_name = experiment_name.lower()
        self.run_name = run_name.lower()
        self.trial_name = "Default-Run-Group-" + self.experiment_name
        self.name = self.experiment_name + "-" + self.run_name
        expect_new = expect_new or {}

        self.experiment = self._load_or_create(
            "experiment", expect_new.get("experiment"),
            lambda: sm.create_experiment(ExperimentName=self.experiment_name),
            lambda: sm.describe_experiment(ExperimentName=self.experiment_name))
        check.equal(self.experiment["ExperimentArn"], ARN_PREFIX + "experiment/" + self.experiment_name,
                    "ExperimentArn")

        self.trial = self._load_or_create(
            "trial", expect_new.get("trial"),
            lambda: sm.create_trial(TrialName=self.trial_name, ExperimentName=self.experiment_name),
            lambda: sm.describe_trial(TrialName=self.trial_name))
        check.equal(self.trial["TrialArn"], ARN_PREFIX + "experiment-trial/" + self.trial_name.lower(), "TrialArn")
        if "ExperimentName" in self.trial:
            # The SDK raises when an existing run group belongs to another experiment.
            check.equal(self.trial["ExperimentName"], self.experiment_name, "DescribeTrial ExperimentName")

        create_tc = {"TrialComponentName": self.name, "Tags": list(tags or []) + [RUN_TAG]}
        if display_name:
            create_tc["DisplayName"] = display_name
        self.trial_component = self._load_or_create(
            "trial component", expect_new.get("trial component"),
            lambda: sm.create_trial_component(**create_tc),
            lambda: sm.describe_trial_component(TrialComponentName=self.name))
        self.arn = self.trial_component["TrialComponentArn"]
        check.equal(self.arn, ARN_PREFIX + "experiment-trial-component/" + self.name, "TrialComponentArn")
        if "TrialComponentName" in self.trial_component:
            check.equal(self.trial_component["TrialComponentName"], self.name, "DescribeTrialComponent name")
        # What the SDK keeps in memory and sends whole at exit.
        self.parameters = dict(self.trial_component.get("Parameters", {}))
        self.input_artifacts = dict(self.trial_component.get("InputArtifacts", {}))
        self.output_artifacts = dict(self.trial_component.get("OutputArtifacts", {}))

        found = sm.search(Resource="ExperimentTrialComponent", SearchExpression={"Filters": [
            {"Name": "TrialComponentName", "Operator": "Equals", "Value": self.name},
            {"Name": "Parents.TrialName", "Operator": "Equals", "Value": self.trial_name}]})["Results"]
        self.associated_now = not found
        if found:
            check.equal([r["TrialComponent"]["TrialComponentName"] for r in found], [self.name],
                        "Search for the run in its run group")
        else:
            answer = sm.associate_trial_component(TrialName=self.trial_name, TrialComponentName=self.name)
            check.equal(answer["TrialComponentArn"], self.arn, "AssociateTrialComponent TrialComponentArn")
            check.equal(answer["TrialArn"], self.trial["TrialArn"], "AssociateTrialComponent TrialArn")
        self.metrics = MetricsManager(server, self.name)
        self.curves = []

    @staticmethod
    def _load_or_create(what, expect_new, create, describe):
        try:
            answer = create()
            if expect_new is False:
                raise Mismatch("creating the %s must answer 'already exists', but it was created: %r" % (what, answer))
            return answer
        except ClientError as e:
            if not already_exists(e):
                raise
            check.equal(e.response["ResponseMetadata"]["HTTPStatusCode"], 400, "status of 'already exists'")
            if expect_new is True:
                raise Mismatch("the %s must be new, but: %s" % (what, e.response["Error"]))
            return describe()

    def enter(self, start_time):
        """'with run:' — the empty maps are always sent and must erase nothing."""
        self.server.sm.update_trial_component(TrialComponentName=self.name, Status={"PrimaryStatus": "InProgress"},
                                              StartTime=start_time, Parameters={}, InputArtifacts={},
                                              OutputArtifacts={})

    def log_parameters(self, parameters):
        for key, value in parameters.items():
            self.parameters[key] = {"StringValue": value} if isinstance(value, str) else {"NumberValue": value}

    def log_artifact(self, name, value, media_type, is_output):
        (self.output_artifacts if is_output else self.input_artifacts)[name] = {"Value": value, "MediaType": media_type}

    def log_precision_recall(self, name, source_uri, etag):
        self.curves.append((name, source_uri, etag))

    def exit(self, end_time, failure=None):
        status = {"PrimaryStatus": "Completed"} if failure is None else {"PrimaryStatus": "Failed",
                                                                          "Message": failure}
        sm = self.server.sm
        sm.update_trial_component(TrialComponentName=self.name, Status=status, EndTime=end_time,
                                  Parameters=self.parameters, InputArtifacts=self.input_artifacts,
                                  OutputArtifacts=self.output_artifacts)
        self.artifact_arns = []
        for name, uri, etag in self.curves:
            artifact = sm.create_artifact(ArtifactName=name, ArtifactType="PrecisionRecallCurve", Source={
                "SourceUri": uri, "SourceTypes": [{"SourceIdType": "S3ETag", "Value": etag}]})
            arn = artifact["ArtifactArn"]
            check.true(arn.startswith(ARN_PREFIX + "artifact/") and len(arn) == len(ARN_PREFIX + "artifact/") + 32,
                       "CreateArtifact answers an artifact ARN with a 32-digit id", arn)
            try:
                association = sm.add_association(SourceArn=self.arn, DestinationArn=arn, AssociationType="Produced")
                check.equal((association["SourceArn"], association["DestinationArn"]), (self.arn, arn),
                            "AddAssociation's ARNs")
            except ClientError as e:
                # The SDK tolerates "already exists" here (it logs it and goes on).
                if not already_exists(e):
                    raise
            self.artifact_arns.append(arn)
        # The last points go after the run is marked complete: the server must accept them.
        self.metrics.flush()


def describe(server, name):
    return server.sm.describe_trial_component(TrialComponentName=name)


def metric_summary(points):
    """What DescribeTrialComponent and Search must say of the points sent: (timestamp, value) pairs."""
    values = [v for _, v in points]
    latest = max(points, key=lambda p: p[0])
    return {"Min": min(values), "Max": max(values), "Avg": statistics.fmean(values),
            "StdDev": statistics.stdev(values) if len(values) > 1 else 0.0, "Last": latest[1], "Count": len(values),
            "TimeStamp": latest[0]}


def check_metrics(record, expected, what):
    """expected: metric name -> (timestamp, value) pairs sent."""
    metrics = record.get("Metrics")
    check.true(isinstance(metrics, list), "%s has Metrics" % what, record.keys())
    check.equal(sorted(m["MetricName"] for m in metrics), sorted(expected), "%s metric names" % what)
    for summary in metrics:
        name = summary["MetricName"]
        want = metric_summary(expected[name])
        for stat in ("Min", "Max", "Avg", "StdDev", "Last"):
            check.close(summary.get(stat), want[stat], "%s %s %s" % (what, name, stat))
        check.equal(summary.get("Count"), want["Count"], "%s %s Count" % (what, name))
        check.equal(epoch(summary["TimeStamp"]), want["TimeStamp"],
                    "%s %s TimeStamp (of the last update)" % (what, name))


def check_trial_component(record, want, what):
    """The members DescribeTrialComponent and a Search record share, as the SDK and ExperimentAnalytics read them."""
    check.equal(record.get("TrialComponentName"), want["name"], "%s TrialComponentName" % what)
    check.equal(record.get("DisplayName"), want.get("display_name", want["name"]), "%s DisplayName" % what)
    source = record.get("Source")
    check.true(source is None or "SourceArn" in source, "%s Source is absent or has a SourceArn" % what, source)
    for member in ("Parameters", "InputArtifacts", "OutputArtifacts"):
        # ExperimentAnalytics and the SDK index these without a check: present, even when empty.
        check.equal(record.get(member), want[member], "%s %s" % (what, member))
    if "status" in want:
        check.equal(record.get("Status"), want["status"], "%s Status" % what)
    for time in ("StartTime", "EndTime"):
        if time in want:
            check.equal(epoch(record[time]), want[time], "%s %s" % (what, time))
    check_metrics(record, want["metrics"], what)


def main():
    endpoint, now = sys.argv[1], int(sys.argv[2])
    server = Server(endpoint)
    sm = server.sm
    t0 = now - 3600  # the first metric's timestamp, whole seconds
    start_one, end_one = datetime.datetime.fromtimestamp(t0 - 60, datetime.timezone.utc), \
        datetime.datetime.fromtimestamp(t0 + 1800, datetime.timezone.utc)

    step("Run(experiment_name=%r, run_name='Run-One'): everything is new" % EXPERIMENT_AS_TYPED)
    run_one = Run(server, EXPERIMENT_AS_TYPED, "Run-One", tags=[{"Key": "team", "Value": "vision"}],
                  expect_new={"experiment": True, "trial": True, "trial component": True})
    check.true(run_one.associated_now, "a new run is associated with its run group")
    name_one = run_one.name
    sent = {"loss": []}

    step("with run: log parameters, artifacts, 25 metrics (BatchPutMetrics every 10th), a precision-recall curve")
    run_one.enter(start_one)
    after_enter = describe(server, name_one)
    check.equal(after_enter["Status"], {"PrimaryStatus": "InProgress"}, "Status after enter")
    check.equal(epoch(after_enter["StartTime"]), start_one.timestamp(), "StartTime after enter")
    run_one.log_parameters({"learning-rate": 0.01, "batch-size": 64, "optimizer": "adam"})
    run_one.log_artifact("train-data", "s3://stepwise-demo/data/train.csv", "text/csv", is_output=False)
    run_one.log_artifact("model", "s3://stepwise-demo/model/model.tar.gz", "application/x-tar", is_output=True)
    curve_uri = "s3://stepwise-demo/" + name_one + "/PrecisionRecallCurve.json"
    run_one.log_precision_recall("precision-recall", curve_uri, "etag-1")
    for i in range(25):
        value = 1.0 / (i + 1) + 0.01 * (i % 3)
        timestamp = t0 + 60 * i
        run_one.metrics.log_metric("loss", value, timestamp, step=i)
        sent["loss"].append((timestamp, value))
    check.equal(len(run_one.metrics.buffer), 5, "points still buffered before exit")
    in_flight = describe(server, name_one)
    check_metrics(in_flight, {"loss": sent["loss"][:20]}, "DescribeTrialComponent after two batches")

    step("exit: UpdateTrialComponent Completed with EndTime, the curve's CreateArtifact and AddAssociation, then "
         "the last 5 points to the Completed run")
    run_one.exit(end_one)
    curve_arn = run_one.artifact_arns[0]
    expected_one = {
        "name": name_one,
        "status": {"PrimaryStatus": "Completed"},
        "StartTime": start_one.timestamp(),
        "EndTime": end_one.timestamp(),
        "Parameters": {"learning-rate": {"NumberValue": 0.01}, "batch-size": {"NumberValue": 64.0},
                       "optimizer": {"StringValue": "adam"}},
        "InputArtifacts": {"train-data": {"Value": "s3://stepwise-demo/data/train.csv", "MediaType": "text/csv"}},
        "OutputArtifacts": {"model": {"Value": "s3://stepwise-demo/model/model.tar.gz",
                                      "MediaType": "application/x-tar"}},
        "metrics": {"loss": list(sent["loss"])},
    }
    check_trial_component(describe(server, name_one), expected_one, "DescribeTrialComponent after exit")

    step("the second Run with the same names: 'already exists' three times, then the Describes; the UpdateTrial"
         "Component of 'with' (empty maps) erases nothing")
    for call, kwargs in ((sm.create_experiment, {"ExperimentName": EXPERIMENT}),
                         (sm.create_trial, {"TrialName": RUN_GROUP, "ExperimentName": EXPERIMENT}),
                         (sm.create_trial_component, {"TrialComponentName": name_one, "Tags": [RUN_TAG]})):
        error = client_error(call, **kwargs)
        check.true(already_exists(error), "%s of an existing name is a ValidationException saying 'already exists'"
                   % call.__name__, error.response["Error"])
        check.equal(error.response["ResponseMetadata"]["HTTPStatusCode"], 400, "its status")
    described = sm.describe_experiment(ExperimentName=EXPERIMENT)
    check.equal((described["ExperimentName"], described["ExperimentArn"], described["DisplayName"]),
                (EXPERIMENT, ARN_PREFIX + "experiment/" + EXPERIMENT, EXPERIMENT), "DescribeExperiment")
    check.true(isinstance(described["CreationTime"], datetime.datetime), "DescribeExperiment CreationTime",
               described.get("CreationTime"))
    described = sm.describe_trial(TrialName=RUN_GROUP)
    check.equal((described["TrialName"], described["ExperimentName"], described["TrialArn"]),
                (RUN_GROUP, EXPERIMENT, ARN_PREFIX + "experiment-trial/" + RUN_GROUP.lower()), "DescribeTrial")

    step("load_run(experiment_name=%r, run_name='Run-One') appends" % EXPERIMENT_AS_TYPED)
    loaded = Run(server, EXPERIMENT_AS_TYPED, "Run-One",
                 expect_new={"experiment": False, "trial": False, "trial component": False})
    check.true(not loaded.associated_now, "a loaded run is found in its run group, not associated again")
    check_trial_component(loaded.trial_component, expected_one, "DescribeTrialComponent in load_run")
    start_two = datetime.datetime.fromtimestamp(t0 + 1900, datetime.timezone.utc)
    loaded.enter(start_two)
    after_enter = describe(server, name_one)
    expected_one.update({"status": {"PrimaryStatus": "InProgress"}, "StartTime": start_two.timestamp()})
    check_trial_component(after_enter, expected_one, "DescribeTrialComponent after the empty maps")

    loaded.log_parameters({"epochs": 3, "optimizer": "sgd"})
    loaded.log_precision_recall("precision-recall", curve_uri, "etag-1")
    sent["accuracy"] = []
    for j in range(5):
        timestamp = t0 + 60 * (25 + j)
        value = 0.2 - 0.01 * j
        loaded.metrics.log_metric("loss", value, timestamp, step=25 + j)
        sent["loss"].append((timestamp, value))
        accuracy = 0.5 + 0.05 * j
        loaded.metrics.log_metric("accuracy", accuracy, timestamp)  # no Step: omitted, as the SDK does
        sent["accuracy"].append((timestamp, accuracy))
    check.equal(loaded.metrics.buffer, [], "the 10th call sent its batch")
    end_two = datetime.datetime.fromtimestamp(t0 + 2000, datetime.timezone.utc)
    loaded.exit(end_two, failure="ValueError: the loss diverged at step 29")
    check.equal(loaded.artifact_arns, [curve_arn], "CreateArtifact of the same source again answers the same ARN")
    expected_one.update({
        "status": {"PrimaryStatus": "Failed", "Message": "ValueError: the loss diverged at step 29"},
        "EndTime": end_two.timestamp(),
        "metrics": {"loss": list(sent["loss"]), "accuracy": list(sent["accuracy"])},
    })
    expected_one["Parameters"].update({"epochs": {"NumberValue": 3.0}, "optimizer": {"StringValue": "sgd"}})
    check_trial_component(describe(server, name_one), expected_one, "DescribeTrialComponent after load_run")

    step("a write of metrics to a finished run is accepted")
    late = (t0 + 60 * 30, 0.15)
    answer = server.metrics.batch_put_metrics(TrialComponentName=name_one, MetricData=[
        {"MetricName": "loss", "Timestamp": late[0], "Value": late[1], "Step": 30}])
    check.equal(answer.get("Errors", []), [], "BatchPutMetrics to a Failed run")
    sent["loss"].append(late)
    expected_one["metrics"]["loss"] = list(sent["loss"])
    check_trial_component(describe(server, name_one), expected_one, "DescribeTrialComponent after the late write")

    step("a second run in the same experiment, and a trial component that is not a run, in two trials")
    run_two = Run(server, EXPERIMENT_AS_TYPED, "Run-Two", display_name="Second-Run",
                  expect_new={"experiment": False, "trial": False, "trial component": True})
    check.true(run_two.associated_now, "a new run is associated with the existing run group")
    run_two.enter(start_two)
    run_two.log_parameters({"learning-rate": 0.1})
    sent_two = []
    for i in range(3):
        run_two.metrics.log_metric("loss", 0.9 - 0.1 * i, t0 + 60 * i, step=i)
        sent_two.append((t0 + 60 * i, 0.9 - 0.1 * i))
    run_two.exit(end_two)
    expected_two = {"name": run_two.name, "display_name": "Second-Run", "status": {"PrimaryStatus": "Completed"},
                    "Parameters": {"learning-rate": {"NumberValue": 0.1}}, "InputArtifacts": {},
                    "OutputArtifacts": {}, "metrics": {"loss": sent_two}}
    check_trial_component(describe(server, run_two.name), expected_two, "DescribeTrialComponent of run two")

    other_name = EXPERIMENT + "-preprocessing"
    extra_trial = EXPERIMENT + "-extra"
    sm.create_trial_component(TrialComponentName=other_name, Status={"PrimaryStatus": "Completed"},
                              Parameters={"rows": {"NumberValue": 1000}})
    sm.create_trial(TrialName=extra_trial, ExperimentName=EXPERIMENT)
    sm.associate_trial_component(TrialName=RUN_GROUP, TrialComponentName=other_name)
    sm.associate_trial_component(TrialName=extra_trial, TrialComponentName=other_name)
    expected_other = {"name": other_name, "status": {"PrimaryStatus": "Completed"},
                      "Parameters": {"rows": {"NumberValue": 1000.0}}, "InputArtifacts": {}, "OutputArtifacts": {},
                      "metrics": {}}

    step("list_runs(experiment_name=%r): ListTrialComponents as typed, newest first, page by page" %
         EXPERIMENT_AS_TYPED)
    for page_size in (1, 2, 100):
        summaries, pages, token = [], 0, None
        while True:
            kwargs = {"ExperimentName": EXPERIMENT_AS_TYPED, "SortBy": "CreationTime", "SortOrder": "Descending",
                      "MaxResults": page_size}
            if token:
                kwargs["NextToken"] = token
            page = sm.list_trial_components(**kwargs)
            pages += 1
            items = page["TrialComponentSummaries"]
            token = page.get("NextToken")
            # NextToken only when another page has results: a page is never empty, and never short before the last.
            check.true(0 < len(items) <= page_size, "page %d of size %d is not empty" % (pages, page_size), items)
            if token:
                check.equal(len(items), page_size, "a page followed by another is full")
            summaries.extend(items)
            if not token:
                break
        names = [s["TrialComponentName"] for s in summaries]
        check.equal(names, [other_name, run_two.name, name_one], "ListTrialComponents newest first, %d a page"
                    % page_size)
        check.equal(pages, math.ceil(3 / page_size), "pages of %d" % page_size)
        created = [epoch(s["CreationTime"]) for s in summaries]
        check.true(created[0] > created[1] > created[2], "CreationTime descending", created)
        check.equal([s["DisplayName"] for s in summaries], [other_name, "Second-Run", name_one], "DisplayName")

    runs = []
    for name in names:
        results = sm.search(Resource="ExperimentTrialComponent", MaxResults=1, SearchExpression={
            "Filters": [{"Name": "TrialComponentName", "Operator": "Equals", "Value": name}],
            "Operator": "And"})["Results"]
        check.equal([r["TrialComponent"]["TrialComponentName"] for r in results], [name], "Search by name")
        tags = results[0]["TrialComponent"].get("Tags", [])
        if RUN_TAG in tags:
            runs.append(name)
    check.equal(runs, [run_two.name, name_one], "the trial components tagged as runs")
    for name in runs:
        run = Run(server, EXPERIMENT_AS_TYPED, name[len(EXPERIMENT) + 1:],
                  expect_new={"experiment": False, "trial": False, "trial component": False})
        check.true(not run.associated_now, "list_runs finds %s in its run group" % name)

    step("ExperimentAnalytics(experiment_name=%r).dataframe(): Search by Parents.ExperimentName until no NextToken"
         % EXPERIMENT_AS_TYPED)
    expected_by_name = {name_one: expected_one, run_two.name: expected_two, other_name: expected_other}
    parents = {name_one: [{"TrialName": RUN_GROUP, "ExperimentName": EXPERIMENT}],
               run_two.name: [{"TrialName": RUN_GROUP, "ExperimentName": EXPERIMENT}],
               other_name: [{"TrialName": RUN_GROUP, "ExperimentName": EXPERIMENT},
                            {"TrialName": extra_trial, "ExperimentName": EXPERIMENT}]}
    tags = {name_one: [{"Key": "team", "Value": "vision"}, RUN_TAG], run_two.name: [RUN_TAG], other_name: []}
    # As the SDK sends it; then sorted and in pages of one, so that the loop over NextToken runs.
    for extra, order in (({}, None), ({"SortBy": "CreationTime", "SortOrder": "Ascending", "MaxResults": 1},
                                      [name_one, run_two.name, other_name])):
        search_args = {"Resource": "ExperimentTrialComponent", "SearchExpression": {"Filters": [
            {"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": EXPERIMENT_AS_TYPED}]}}
        search_args.update(extra)
        components = []
        while True:
            answer = sm.search(**search_args)
            page = [result["TrialComponent"] for result in answer["Results"]]
            components.extend(page)
            if "NextToken" in answer:
                check.true(len(page) > 0, "a page with a NextToken has results", answer)
                search_args["NextToken"] = answer["NextToken"]
            else:
                break
        names = [c["TrialComponentName"] for c in components]
        check.equal(sorted(names), sorted(expected_by_name), "the experiment's trial components, once each")
        if order:
            check.equal(names, order, "SortBy CreationTime Ascending")
        for component in components:
            name = component["TrialComponentName"]
            check_trial_component(component, expected_by_name[name], "Search record of " + name)
            for parent in component.get("Parents", []):
                check.true("TrialName" in parent and "ExperimentName" in parent, "a Parent has both names", parent)
            check.equal(sorted(component.get("Parents", []), key=lambda p: p["TrialName"]),
                        sorted(parents[name], key=lambda p: p["TrialName"]), "Parents of " + name)
            check.equal(component.get("Tags"), tags[name], "Tags of " + name)

    step("what the SDK tells apart: a bad name, a missing experiment")
    error = client_error(sm.create_experiment, ExperimentName="bad_name")
    check.equal(error.response["Error"]["Code"], "ValidationException", "a bad name's error code")
    check.true("already exists" not in error.response["Error"]["Message"], "a bad name does not 'already exist'",
               error.response["Error"]["Message"])
    error = client_error(sm.describe_experiment, ExperimentName="no-such-experiment")
    check.equal((error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]),
                ("ResourceNotFound", 400), "DescribeExperiment of a missing experiment")

    print("all %d checks passed" % check.count, flush=True)


if __name__ == "__main__":
    try:
        main()
    except Mismatch as mismatch:
        print("MISMATCH: %s" % mismatch, flush=True)
        sys.exit(1)
    except ClientError as error:
        traceback.print_exc()
        print("UNEXPECTED ERROR ANSWER: %s %s" % (error.operation_name, error.response.get("Error")), flush=True)
        sys.exit(2)
