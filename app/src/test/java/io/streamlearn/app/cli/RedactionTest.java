package io.streamlearn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void shouldDropCredentialsFromEveryUrl() {
    assertThat(Redaction.urls("https://user:s3cret@registry:8081/api,http://other:8081"))
        .isEqualTo("https://registry:8081/api,http://other:8081");
  }

  @Test
  void shouldLeaveUrlsWithoutCredentialsAlone() {
    assertThat(Redaction.urls("mock://scope")).isEqualTo("mock://scope");
    assertThat(Redaction.urls("http://localhost:8081")).isEqualTo("http://localhost:8081");
  }
}
