namespace Kinko.Secrets;

/// <summary>
/// Small files readable and writable by their owner only (Unix mode 0600). New files get their mode at
/// creation and appear under their final name complete or not at all.
/// </summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="dataFolder"/> (mode 0700) if it is missing.</summary>
    public static void EnsureFolder(string dataFolder)
    {
        if (Directory.Exists(dataFolder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataFolder);
        }
        else
        {
            Directory.CreateDirectory(dataFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to a new file at <paramref name="path"/> with mode 0600. Returns
    /// false, writing nothing, if the file already exists (for example another process created it first).
    /// </summary>
    public static bool TryCreate(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Open(temporary, CreateOptions()))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }

            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Opens an existing file for reading, refusing it if its Unix mode grants group or others any
    /// permission or if its length is outside [<paramref name="minLength"/>, <paramref name="maxLength"/>].
    /// The checks are made on the open handle, so the file cannot be swapped between check and read.
    /// </summary>
    public static FileStream OpenChecked(string path, string what, long minLength, long maxLength)
    {
        var stream = File.OpenRead(path);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(stream.SafeFileHandle);
                if ((mode & GroupOrOther) != 0)
                {
                    throw new KeyEncryptionKeyException(
                        $"The {what} '{path}' has mode {Octal(mode)}, which gives group or others access; " +
                        $"it must be 0600 (run: chmod 600 '{path}').");
                }
            }

            var length = stream.Length;
            if (length < minLength || length > maxLength)
            {
                var expected = minLength == maxLength ? $"{minLength}" : $"between {minLength} and {maxLength}";
                throw new KeyEncryptionKeyException($"The {what} '{path}' is {length} bytes; expected {expected}.");
            }

            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return options;
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0b111_111_111, 8).PadLeft(3, '0');
}
