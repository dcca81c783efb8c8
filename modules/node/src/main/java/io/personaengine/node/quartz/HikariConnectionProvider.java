package io.personaengine.node.quartz;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz connections from the node's own HikariCP pool (one pool per node, no c3p0). */
final class HikariConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;

    HikariConnectionProvider(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the node closes the pool after Quartz has stopped
    }

    @Override
    public void initialize() {}
}
