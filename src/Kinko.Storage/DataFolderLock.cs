namespace Kinko.Storage;

/// <summary>
/// An exclusive lock on a data folder (a lock file held open without sharing), so that only one
/// process writes a ledger at a time. Released when disposed or when the process dies.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "kinko.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    public static DataFolderLock Acquire(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DataFolderLock(file);
        }
        catch (IOException e)
        {
            throw new DataFolderInUseException($"the data folder {dataFolder} is in use by another Kinko process ({path} is locked)", e);
        }
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>Another Kinko process holds the data folder's lock.</summary>
public sealed class DataFolderInUseException(string message, Exception inner) : IOException(message, inner);
