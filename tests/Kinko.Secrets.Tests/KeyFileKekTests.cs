using System.Runtime.Versioning;

namespace Kinko.Secrets.Tests;

/// <summary>Unix only: these tests check file modes.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class KeyFileKekTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<string> _warnings = [];

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_missing_key_file_is_created_with_mode_0600_and_a_warning()
    {
        using var kek = KeyFileKek.OpenOrCreate(_folder.Path, _warnings.Add);

        var path = _folder.File(KeyFileKek.DefaultFileName);
        kek.Created.ShouldBeTrue();
        kek.FilePath.ShouldBe(path);
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllBytes(path).ShouldBe(kek.Key.ToArray());
        kek.Key.Length.ShouldBe(32);
        _warnings.ShouldHaveSingleItem().ShouldContain(path);
        Directory.GetFiles(_folder.Path).ShouldHaveSingleItem();
    }

    [Fact]
    public void The_same_key_file_reopened_decrypts_earlier_seals()
    {
        byte[] sealedBlob;
        using (var kek = KeyFileKek.OpenOrCreate(_folder.Path, _warnings.Add))
        using (var box = new SecretBox(kek))
        {
            sealedBlob = box.Seal("secret"u8, "api-secret:1");
        }

        using var reopened = KeyFileKek.OpenOrCreate(_folder.Path, _warnings.Add);
        using var again = new SecretBox(reopened);

        reopened.Created.ShouldBeFalse();
        _warnings.Count.ShouldBe(1);
        again.Open(sealedBlob, "api-secret:1").ShouldBe("secret"u8.ToArray());
    }

    [Fact]
    public void Two_data_folders_get_different_keys()
    {
        using var other = new TempFolder();
        using var first = KeyFileKek.OpenOrCreate(_folder.Path, _warnings.Add);
        using var second = KeyFileKek.OpenOrCreate(other.Path, _warnings.Add);
        using var box = new SecretBox(first);
        using var otherBox = new SecretBox(second);

        Should.Throw<SecretOpenException>(() => otherBox.Open(box.Seal("secret"u8, "p"), "p"));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherWrite, "0402")]
    public void An_existing_key_file_readable_by_others_is_refused(UnixFileMode mode, string octal)
    {
        var path = _folder.File(KeyFileKek.DefaultFileName);
        File.WriteAllBytes(path, new byte[32]);
        File.SetUnixFileMode(path, mode);

        var error = Should.Throw<KeyEncryptionKeyException>(() => KeyFileKek.OpenOrCreate(_folder.Path, _warnings.Add));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain(octal);
        _warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void An_existing_key_file_of_the_wrong_length_is_refused(int length)
    {
        var path = _folder.File(KeyFileKek.DefaultFileName);
        File.WriteAllBytes(path, new byte[length]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Should.Throw<KeyEncryptionKeyException>(() => KeyFileKek.OpenOrCreate(_folder.Path, _warnings.Add));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain($"{length} bytes");
    }

    [Fact]
    public void A_missing_data_folder_is_created_private()
    {
        var dataFolder = _folder.File("data");

        using var kek = KeyFileKek.OpenOrCreate(dataFolder, _warnings.Add, "custom.key");

        kek.FilePath.ShouldBe(Path.Combine(dataFolder, "custom.key"));
        File.Exists(kek.FilePath).ShouldBeTrue();
        (File.GetUnixFileMode(dataFolder) & (UnixFileMode)0b000_111_111).ShouldBe(UnixFileMode.None);
    }

    [Fact]
    public void Disposing_zeroes_and_withdraws_the_key()
    {
        var kek = KeyFileKek.OpenOrCreate(_folder.Path, _warnings.Add);

        kek.Dispose();

        Should.Throw<ObjectDisposedException>(() => kek.Key.Length);
    }
}
