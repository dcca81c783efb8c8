package io.personaengine.node.cli;

import java.io.IOException;
import java.net.InetAddress;

/** Who runs a command, as recorded with the changes it makes: {@code cli:<user>@<host>}. */
final class Operator {

    private Operator() {}

    static String who() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return "cli:" + System.getProperty("user.name", "unknown") + "@" + host;
    }
}
