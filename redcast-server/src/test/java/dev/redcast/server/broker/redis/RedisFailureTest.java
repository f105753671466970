package dev.redcast.server.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.broker.BrokerUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. What a failed Redis command means: whether it may have been applied,
 * and how clients hear of it (never in Redis's words).
 */
class RedisFailureTest {

    @Test
    void timeout_mayHaveBeenApplied_soAWriteIsOutcomeUnknown() {
        RedisFailure f =
                RedisFailure.of(
                        new CompletionException(
                                new RedisCommandTimeoutException("Command timed out after 5 s")));
        assertThat(f.kind()).isEqualTo(RedisFailure.Kind.NO_ANSWER);
        BrokerUnavailableException write = f.toException("publish on 'a' failed", true);
        assertThat(write.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(write.getMessage())
                .isEqualTo(
                        "publish on 'a' failed: redis did not answer in time; it may have been"
                                + " applied");
        BrokerUnavailableException read = f.toException("history unavailable", false);
        assertThat(read.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(read.getMessage())
                .isEqualTo("history unavailable: redis did not answer in time");
    }

    @Test
    void connectionLostInFlight_orAnythingUnknown_mayHaveBeenApplied() {
        for (Throwable e :
                new Throwable[] {
                    new RedisException("Connection closed"),
                    new RedisException("Connection disconnected"),
                    new RedisException(new IOException("Connection reset by peer")),
                    new IllegalStateException("something else")
                }) {
            RedisFailure f = RedisFailure.of(e);
            assertThat(f.kind()).as("%s", e).isEqualTo(RedisFailure.Kind.LOST);
            assertThat(f.toException("w", true).code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        }
    }

    @Test
    void commandsLettuceRefusedBeforeSending_wereNotApplied() {
        for (String message :
                new String[] {
                    "Currently not connected. Commands are rejected.", "Connection is closed"
                }) {
            RedisFailure f = RedisFailure.of(new RedisException(message));
            assertThat(f.kind()).isEqualTo(RedisFailure.Kind.DOWN);
            assertThat(f.toException("w", true).code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(f.toException("w", true).getMessage()).isEqualTo("w: redis is unavailable");
        }
    }

    @Test
    void noConnection_wasNotApplied_andSaysWhyTheConnectionIsDown() {
        BrokerUnavailableException e =
                RedisFailure.down("TLS handshake failed: PKIX path building failed")
                        .toException("publish on 'a' failed", true);
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.getMessage())
                .isEqualTo(
                        "publish on 'a' failed: redis is unavailable (TLS handshake failed: PKIX"
                                + " path building failed)");
    }

    @Test
    void errorReplies_wereNotApplied_andAreToldInRedcastsWords() {
        RedisFailure oom =
                RedisFailure.of(
                        new RedisCommandExecutionException(
                                "OOM command not allowed when used memory > 'maxmemory'."));
        RedisFailure scriptOom =
                RedisFailure.of(
                        new RedisCommandExecutionException(
                                "ERR Error running script: @user_script:1: OOM command not"
                                        + " allowed"));
        RedisFailure readOnly =
                RedisFailure.of(
                        new RedisCommandExecutionException(
                                "READONLY You can't write against a read only replica."));
        RedisFailure wrongType =
                RedisFailure.of(
                        new RedisCommandExecutionException(
                                "WRONGTYPE Operation against a key holding the wrong kind of"
                                        + " value"));

        assertThat(oom.kind()).isEqualTo(RedisFailure.Kind.OUT_OF_MEMORY);
        assertThat(scriptOom.kind()).isEqualTo(RedisFailure.Kind.OUT_OF_MEMORY);
        assertThat(readOnly.kind()).isEqualTo(RedisFailure.Kind.READ_ONLY);
        assertThat(wrongType.kind()).isEqualTo(RedisFailure.Kind.REFUSED);
        assertThat(oom.refusesWrites()).isTrue();
        assertThat(readOnly.refusesWrites()).isTrue();
        assertThat(wrongType.refusesWrites()).isFalse();
        for (RedisFailure f : new RedisFailure[] {oom, scriptOom, readOnly, wrongType}) {
            BrokerUnavailableException e = f.toException("presence unavailable", true);
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage())
                    .startsWith("presence unavailable: redis ")
                    .doesNotContain("OOM")
                    .doesNotContain("ERR")
                    .doesNotContain("READONLY")
                    .doesNotContain("WRONGTYPE");
            assertThat(f.detail()).isNotEmpty();
        }
        assertThat(oom.words()).isEqualTo("redis refuses writes (maxmemory reached)");
    }
}
