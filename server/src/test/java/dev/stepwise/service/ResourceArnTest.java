package dev.stepwise.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceArnTest {
  @Test
  @DisplayName("splits partition, region, account, type and name; the name keeps any later slash or colon")
  void parse() {
    assertThat(ResourceArn.parse("arn:aws-cn:sagemaker:cn-north-1:111122223333:experiment-trial-component/a/b:c"))
        .isEqualTo(new ResourceArn("aws-cn", "cn-north-1", "111122223333", "experiment-trial-component", "a/b:c"));
    assertThat(ResourceArn.parse("arn:aws:sagemaker::111122223333:training-job/j").region()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "arn:aws:s3:us-east-1:111122223333:bucket/x",
      "arn:aws:sagemaker:us-east-1:1111:training-job/x",
      "arn:aws:sagemaker:us-east-1:111122223333:training-job",
      "arn:aws:sagemaker:us-east-1:111122223333",
      "urn:aws:sagemaker:us-east-1:111122223333:training-job/x"})
  @DisplayName("refuses what is not a SageMaker type/name ARN with a 12-digit account")
  void refuses(String arn) {
    assertThatThrownBy(() -> ResourceArn.parse(arn)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("maps trial components to themselves and training jobs to <job>-aws-training-job")
  void trialComponentName() {
    assertThat(ResourceArn.parse("arn:aws:sagemaker:r:111122223333:experiment-trial-component/tc").trialComponentName())
        .hasValue("tc");
    assertThat(ResourceArn.parse("arn:aws:sagemaker:r:111122223333:training-job/Job-1").trialComponentName())
        .hasValue("job-1-aws-training-job");
    assertThat(ResourceArn.parse("arn:aws:sagemaker:r:111122223333:model/m").trialComponentName()).isEmpty();
    assertThat(ResourceArn.parse("arn:aws:sagemaker:r:111122223333:training-job/").trialComponentName()).isEmpty();
  }
}
