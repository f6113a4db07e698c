// Starts DynamoDB Local listening on 127.0.0.1 only. DynamoDB Local has no bind-address option (`-help`
// lists -port, -inMemory, -dbPath, -sharedDb, -cors, -delayTransientStatuses, -disableTelemetry,
// -optimizeDbBeforeStartup): its DynamoDBProxyServer builds a Jetty `new Server(port)`, whose connector
// listens on every interface. Before the server starts, its connector is given the loopback host, so the
// unauthenticated database is reachable from this machine only. Run by Java's source-file launcher
// (JEP 330, `java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* dynamodb-local-loopback.java <options>`).
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) {
      // Anything but a ServerConnector could not be bound to loopback: refuse to start rather than listen widely.
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
  }
}
