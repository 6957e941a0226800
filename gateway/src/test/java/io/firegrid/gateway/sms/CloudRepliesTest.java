package io.firegrid.gateway.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.place.Phones;
import org.junit.jupiter.api.Test;

/** The two providers' reply pushes, read as their documentation shows them. */
class CloudRepliesTest {

    @Test
    void alibabaCloudsSmsUpBatchIsReadMessageByMessage() {
        // the documented example, the sequence id once a number and once a string (both appear in its pages)
        CloudReplies.Push push = CloudReplies.parse("""
                [{"phone_number":"13800000001","send_time":"2017-09-01 00:00:00","content":"1","sign_name":"签名",
                  "dest_code":"1234","sequence_id":1234567890},
                 {"phone_number":"13800000002","send_time":"2017-09-01 00:00:01","content":"受理","dest_code":"1234",
                  "sequence_id":"1234567891"}]""");

        assertThat(push.form()).isEqualTo(CloudReplies.Form.ALIYUN);
        assertThat(push.replies()).extracting(CloudReplies.Reply::text).containsExactly("1", "受理");
        assertThat(Phones.e164(push.replies().get(0).from())).contains("+8613800000001");
        assertThat(push.replies().get(1).key()).isEqualTo("aliyun:1234567891");
        assertThat(push.form().success().encode()).isEqualTo("{\"code\":0,\"msg\":\"接收成功\"}");
    }

    @Test
    void tencentCloudsReplyCallbackJoinsTheCountryCodeAndTheNumber() {
        CloudReplies.Push push = CloudReplies.parse("""
                {"extend":"","mobile":"13800000001","nationcode":"86","sign":"短信签名","text":"2","time":1457336869}""");

        assertThat(push.form()).isEqualTo(CloudReplies.Form.TENCENT);
        assertThat(push.replies()).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo("+8613800000001");
            assertThat(r.text()).isEqualTo("2");
        });
        assertThat(push.form().success().encode()).isEqualTo("{\"result\":0,\"errmsg\":\"OK\"}");
    }

    @Test
    void aBodyOfNeitherFormIsRefusedSayingWhatIsMissing() {
        assertThatThrownBy(() -> CloudReplies.parse("[]")).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> CloudReplies.parse("[{\"content\":\"1\"}]")).hasMessageContaining("phone_number");
        assertThatThrownBy(() -> CloudReplies.parse("{\"mobile\":\"13800000001\"}")).hasMessageContaining("'text'");
        assertThatThrownBy(() -> CloudReplies.parse("1; DROP")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CloudReplies.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessagePushedAgainIsSeenUntilForgotten() {
        CloudReplies replies = new CloudReplies();
        CloudReplies.Reply r = CloudReplies.parse("[{\"phone_number\":\"13800000001\",\"content\":\"1\",\"sequence_id\":7}]")
                .replies().get(0);

        assertThat(replies.seen(r)).isFalse();
        assertThat(replies.seen(r)).isTrue();
        replies.forget(r);
        assertThat(replies.seen(r)).isFalse();
    }
}
