using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace Kinko.TestSupport.Tests;

public sealed class PostgresServerTests
{
    [Theory]
    [InlineData(false, "off")]
    [InlineData(true, "on")]
    public async Task Durability_settings_follow_the_durable_flag(bool durable, string expected)
    {
        await using var server = PostgresServer.Start(durable);

        server.Durable.ShouldBe(durable);
        (await Sql.ScalarAsync(server.ConnectionString, "SHOW fsync")).ShouldBe(expected);
        (await Sql.ScalarAsync(server.ConnectionString, "SHOW synchronous_commit")).ShouldBe(expected);
        (await Sql.ScalarAsync(server.ConnectionString, "SHOW full_page_writes")).ShouldBe(expected);
    }

    [Fact]
    public async Task Created_databases_are_empty_and_isolated_from_each_other()
    {
        await using var server = PostgresServer.Start();

        var orders = await server.CreateDatabaseAsync("orders");
        var other = server.CreateUniqueDatabase("other");
        await Sql.ExecuteAsync(orders, "CREATE TABLE t (id int); INSERT INTO t VALUES (42)");

        (await Sql.ScalarAsync(orders, "SELECT current_database()")).ShouldBe("orders");
        (await Sql.ScalarAsync(orders, "SELECT id FROM t")).ShouldBe("42");
        (await Sql.ScalarAsync(other, "SELECT count(*) FROM pg_tables WHERE tablename = 't'")).ShouldBe("0");
    }

    [Fact]
    public async Task Dispose_stops_the_server_and_deletes_its_folder()
    {
        var server = PostgresServer.Start();
        var connectionString = server.ConnectionString;
        (await Sql.ScalarAsync(connectionString, "SELECT 1")).ShouldBe("1");
        Directory.Exists(server.DataDirectory).ShouldBeTrue();

        server.Dispose();

        Directory.Exists(server.RootDirectory).ShouldBeFalse();
        var refused = await Should.ThrowAsync<NpgsqlException>(() => Sql.ScalarAsync(connectionString, "SELECT 1"));
        refused.InnerException.ShouldBeOfType<SocketException>();
    }

    [Fact]
    public async Task A_committed_row_survives_a_crash_of_a_durable_server()
    {
        await using var server = PostgresServer.Start(durable: true);
        var database = server.CreateUniqueDatabase();
        await Sql.ExecuteAsync(database, "CREATE TABLE t (id int); INSERT INTO t VALUES (7)");

        server.CrashAndRestart();

        (await Sql.ScalarAsync(server.ConnectionStringFor(NameOf(database)), "SELECT id FROM t")).ShouldBe("7");
    }

    [Fact]
    public void A_server_that_cannot_start_says_why_from_its_log_and_leaves_nothing_behind()
    {
        var failure = Should.Throw<InvalidOperationException>(() =>
            PostgresServer.Start(settings: new Dictionary<string, string> { ["no_such_setting"] = "1" }));

        failure.Message.ShouldContain("unrecognized configuration parameter \"no_such_setting\"");
        var logPath = Regex.Match(failure.Message, @"server log \((?<path>[^)]+)\)").Groups["path"].Value;
        logPath.ShouldNotBeEmpty();
        Directory.Exists(Path.GetDirectoryName(logPath)).ShouldBeFalse();
    }

    [Fact]
    public async Task Extra_settings_reach_the_server()
    {
        await using var server = PostgresServer.Start(settings: new Dictionary<string, string> { ["work_mem"] = "7MB" });

        (await Sql.ScalarAsync(server.ConnectionString, "SHOW work_mem")).ShouldBe("7MB");
    }

    private static string NameOf(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Database!;
}
