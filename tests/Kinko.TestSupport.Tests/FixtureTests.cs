namespace Kinko.TestSupport.Tests;

public sealed class FixtureTests
{
    [Fact]
    public async Task Postgres_fixtures_share_one_server_and_hand_out_separate_databases()
    {
        using var first = new PostgresFixture();
        using var second = new PostgresFixture();

        second.Server.ShouldBeSameAs(first.Server);
        var a = first.CreateDatabase();
        var b = second.CreateDatabase();
        a.ShouldNotBe(b);
        (await Sql.ScalarAsync(a, "SELECT 1")).ShouldBe("1");
        (await Sql.ScalarAsync(first.ConnectionString, "SHOW fsync")).ShouldBe("off");
    }

    [Fact]
    public void Temp_directory_exists_until_disposed()
    {
        string path;
        using (var directory = new TempDirectory())
        {
            path = directory.Path;
            File.WriteAllText(directory.Combine("file.txt"), "x");
            Directory.Exists(path).ShouldBeTrue();
        }

        Directory.Exists(path).ShouldBeFalse();
    }
}
