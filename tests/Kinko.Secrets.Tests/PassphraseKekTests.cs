using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace Kinko.Secrets.Tests;

/// <summary>Unix only: these tests check file modes.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class PassphraseKekTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";

    /// <summary>Cheap parameters so that each derivation takes a few milliseconds.</summary>
    private static readonly Argon2Settings Fast = new(MemoryKiB: 1024, Passes: 1);

    private readonly TempFolder _folder = new();
    private readonly List<string> _warnings = [];

    public void Dispose() => _folder.Dispose();

    private string SaltFile => _folder.File(PassphraseKek.DefaultFileName);

    [Fact]
    public void A_new_salt_file_is_created_with_mode_0600_and_a_warning()
    {
        using var kek = PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast);

        kek.Created.ShouldBeTrue();
        kek.FilePath.ShouldBe(SaltFile);
        kek.Key.Length.ShouldBe(32);
        File.GetUnixFileMode(SaltFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _warnings.ShouldHaveSingleItem().ShouldContain(SaltFile);
        var json = JsonNode.Parse(File.ReadAllText(SaltFile))!;
        Convert.FromBase64String((string)json["salt"]!).Length.ShouldBe(PassphraseKek.SaltSize);
        ((long)json["memoryKiB"]!).ShouldBe(1024);
        ((long)json["passes"]!).ShouldBe(1);
        File.ReadAllText(SaltFile).ShouldNotContain(Passphrase);
    }

    [Fact]
    public void The_same_passphrase_and_salt_file_give_the_same_key()
    {
        byte[] sealedBlob;
        byte[] firstKey;
        using (var kek = PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast))
        using (var box = new SecretBox(kek))
        {
            firstKey = kek.Key.ToArray();
            sealedBlob = box.Seal("secret"u8, "api-secret:7");
        }

        using var reopened = PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast);
        using var again = new SecretBox(reopened);

        reopened.Created.ShouldBeFalse();
        reopened.Key.ToArray().ShouldBe(firstKey);
        again.Open(sealedBlob, "api-secret:7").ShouldBe("secret"u8.ToArray());
        _warnings.Count.ShouldBe(1);
    }

    [Fact]
    public void A_wrong_passphrase_is_refused_at_start_with_a_clear_error()
    {
        using (PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast))
        {
        }

        var error = Should.Throw<WrongPassphraseException>(
            () => PassphraseKek.OpenOrCreate(_folder.Path, "Correct horse battery staple", _warnings.Add, Fast));

        error.Message.ShouldContain("passphrase is wrong");
        error.Message.ShouldContain(SaltFile);
    }

    [Fact]
    public void The_stored_parameters_win_over_the_ones_for_new_files()
    {
        using (PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast))
        {
        }

        using var reopened = PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, new Argon2Settings(2048, 2));

        reopened.Settings.ShouldBe(Fast);
    }

    [Fact]
    public void Different_salt_files_give_different_keys_for_the_same_passphrase()
    {
        using var other = new TempFolder();
        using var first = PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast);
        using var second = PassphraseKek.OpenOrCreate(other.Path, Passphrase, _warnings.Add, Fast);

        first.Key.SequenceEqual(second.Key).ShouldBeFalse();
    }

    [Fact]
    public void A_salt_file_readable_by_others_is_refused()
    {
        using (PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast))
        {
        }

        File.SetUnixFileMode(SaltFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Should.Throw<KeyEncryptionKeyException>(
            () => PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast));

        error.ShouldNotBeOfType<WrongPassphraseException>();
        error.Message.ShouldContain(SaltFile);
        error.Message.ShouldContain("0644");
    }

    [Theory]
    [InlineData("salt", "AAAA")]
    [InlineData("passes", 0)]
    [InlineData("memoryKiB", 4)]
    [InlineData("parallelism", 2)]
    [InlineData("algorithm", "scrypt")]
    [InlineData("version", 2)]
    [InlineData("check", "%%%")]
    public void A_malformed_salt_file_is_refused_naming_the_file(string field, object value)
    {
        using (PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast))
        {
        }

        var json = JsonNode.Parse(File.ReadAllText(SaltFile))!.AsObject();
        json[field] = JsonValue.Create(value);
        File.WriteAllText(SaltFile, json.ToJsonString());

        var error = Should.Throw<KeyEncryptionKeyException>(
            () => PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast));

        error.ShouldNotBeOfType<WrongPassphraseException>();
        error.Message.ShouldContain(SaltFile);
        error.Message.ShouldContain("malformed");
    }

    [Fact]
    public void A_salt_file_missing_a_field_is_refused()
    {
        File.WriteAllText(SaltFile, """{"version":1,"algorithm":"argon2id","memoryKiB":1024,"passes":1,"parallelism":1}""");
        File.SetUnixFileMode(SaltFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Should.Throw<KeyEncryptionKeyException>(
            () => PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, Fast));

        error.Message.ShouldContain(SaltFile);
    }

    [Fact]
    public void Production_defaults_are_64_MiB_and_3_passes()
    {
        Argon2Settings.Default.ShouldBe(new Argon2Settings(64 * 1024, 3));
    }

    [Fact]
    public void Unusable_settings_for_a_new_file_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(
            () => PassphraseKek.OpenOrCreate(_folder.Path, Passphrase, _warnings.Add, new Argon2Settings(4, 1)));
        File.Exists(SaltFile).ShouldBeFalse();
    }

    [Fact]
    public void An_empty_passphrase_is_refused()
    {
        Should.Throw<ArgumentException>(() => PassphraseKek.OpenOrCreate(_folder.Path, "", _warnings.Add, Fast));
    }
}
