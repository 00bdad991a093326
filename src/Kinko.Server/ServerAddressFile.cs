using System.Text.Json;

namespace Kinko.Server;

/// <summary>
/// The running server leaves its address in the data folder (<c>server.json</c>), so that CLI commands
/// on the same folder go through its admin API instead of opening the store themselves.
/// </summary>
public static class ServerAddressFile
{
    public const string FileName = "server.json";

    public sealed record Contents(string Url, int ProcessId, DateTimeOffset StartedAt);

    public static void Write(string dataFolder, Contents contents)
    {
        var path = Path.Combine(dataFolder, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(contents));
        File.Move(temporary, path, overwrite: true);
    }

    public static Contents? Read(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<Contents>(File.ReadAllText(path)) : null;
    }

    /// <summary>Removes the file if the process that wrote it is <paramref name="processId"/>.</summary>
    public static void DeleteIfOwnedBy(string dataFolder, int processId)
    {
        if (Read(dataFolder)?.ProcessId == processId)
        {
            File.Delete(Path.Combine(dataFolder, FileName));
        }
    }
}
