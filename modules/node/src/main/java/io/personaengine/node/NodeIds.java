package io.personaengine.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Node ids: {@code NODE_ID} as configured, or {@code AUTO} = host name plus a unique suffix. */
final class NodeIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeIds() {}

    static String resolve(String configured) {
        if (!"AUTO".equals(configured)) {
            return configured;
        }
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return host() + "-" + HexFormat.of().formatHex(suffix);
    }

    private static String host() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "");
            return name.isEmpty() ? "node" : name.length() > 60 ? name.substring(0, 60) : name;
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
