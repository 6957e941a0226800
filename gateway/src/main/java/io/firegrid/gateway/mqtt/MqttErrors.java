package io.firegrid.gateway.mqtt;

import io.firegrid.protocol.FireGridException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;

/** The one place where FireGrid refusals become MQTT reason and return codes. */
final class MqttErrors {

    private MqttErrors() {
    }

    /**
     * CONNACK code for a refused CONNECT, by protocol version (4 = 3.1.1, 5 = 5.0). The gateway
     * unable to take it now: MQTT 5 0x9F (connection rate exceeded) for {@code connect-rate}, else
     * 0x89 (server busy); MQTT 3.1.1 has only 3 (server unavailable) for both.
     */
    static MqttConnectReturnCode connectCode(FireGridException e, int protocolVersion) {
        boolean v5 = protocolVersion >= 5;
        if (e.code().equals("login-blocked")) {
            // too many failed logins: MQTT 5 0x8A (banned), with the reason string saying until when; 3.1.1: 5
            return v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BANNED : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
        }
        return switch (e.status()) {
            case UNAUTHORIZED, BAD_REQUEST -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case FORBIDDEN -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case UNAVAILABLE -> !v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE
                    : e.code().equals("connect-rate") ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY;
            default -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }

    /** PUBACK reason code (MQTT 5) for a refused PUBLISH the client must not retry. */
    static MqttPubAckReasonCode pubAckCode(FireGridException e) {
        if (e.code().equals("too-many-sensors")) {
            return MqttPubAckReasonCode.QUOTA_EXCEEDED;
        }
        return switch (e.status()) {
            case UNAUTHORIZED, FORBIDDEN -> MqttPubAckReasonCode.NOT_AUTHORIZED;
            case BAD_REQUEST -> e.code().equals("bad-topic") ? MqttPubAckReasonCode.TOPIC_NAME_INVALID
                    : e.code().equals("bad-qos") ? MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR
                    : MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
            case PAYLOAD_TOO_LARGE -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
            default -> MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
        };
    }

    /** DISCONNECT reason code (MQTT 5) when a refusal cannot be told with a PUBACK. */
    static MqttDisconnectReasonCode disconnectCode(FireGridException e) {
        if (e.code().equals("too-many-sensors")) {
            return MqttDisconnectReasonCode.QUOTA_EXCEEDED;
        }
        return switch (e.status()) {
            case UNAUTHORIZED, FORBIDDEN -> MqttDisconnectReasonCode.NOT_AUTHORIZED;
            case BAD_REQUEST -> e.code().equals("bad-topic") ? MqttDisconnectReasonCode.TOPIC_NAME_INVALID
                    : e.code().equals("bad-qos") ? MqttDisconnectReasonCode.QOS_NOT_SUPPORTED
                    : e.code().equals("receive-maximum-exceeded") ? MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED
                    : MqttDisconnectReasonCode.PAYLOAD_FORMAT_INVALID;
            case CONFLICT -> MqttDisconnectReasonCode.SESSION_TAKEN_OVER;
            case PAYLOAD_TOO_LARGE -> MqttDisconnectReasonCode.PACKET_TOO_LARGE;
            case UNAVAILABLE -> MqttDisconnectReasonCode.SERVER_BUSY;
            default -> MqttDisconnectReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /**
     * True if the client should retransmit: the gateway, not the message, failed. The message is
     * then not acknowledged; the connection is closed so the client resends it on reconnect.
     */
    static boolean isRetryable(FireGridException e) {
        return e.status() == FireGridException.Status.UNAVAILABLE || e.status() == FireGridException.Status.INTERNAL;
    }
}
