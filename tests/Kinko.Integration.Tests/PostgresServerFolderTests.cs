using Kinko.Server;
using Kinko.TestSupport;

namespace Kinko.Integration.Tests;

/// <summary>With PostgreSQL the data folder still holds the key file and server.json, so it is still one server's.</summary>
public sealed class PostgresServerFolderTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly TempDirectory _folder = new("kinko-pg-server");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_second_postgres_server_on_the_same_data_folder_is_refused_and_the_first_keeps_its_address_file()
    {
        var first = KinkoServer.Build(new ServerOptions
        {
            DataFolder = _folder.Path, Urls = "http://127.0.0.1:0", PostgresConnectionString = postgres.CreateDatabase("first"),
        });
        try
        {
            await first.StartAsync();
            var url = KinkoServer.Addresses(first).ShouldHaveSingleItem();

            var error = Record.Exception(() => KinkoServer.Build(new ServerOptions
            {
                DataFolder = _folder.Path, Urls = "http://127.0.0.1:0", PostgresConnectionString = postgres.CreateDatabase("second"),
            }));

            error.ShouldNotBeNull();
            error.Message.ShouldContain("in use");
            ServerAddressFile.Read(_folder.Path).ShouldNotBeNull().Url.ShouldBe(url);
        }
        finally
        {
            await first.StopAsync();
            await first.DisposeAsync();
        }

        ServerAddressFile.Read(_folder.Path).ShouldBeNull();
    }
}
