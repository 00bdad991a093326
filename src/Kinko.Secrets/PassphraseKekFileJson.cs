using System.Text.Json.Serialization;

namespace Kinko.Secrets;

/// <summary>Source-generated JSON for <see cref="PassphraseKekFile"/>; missing or null fields are refused.</summary>
[JsonSerializable(typeof(PassphraseKekFile))]
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
internal sealed partial class PassphraseKekFileJson : JsonSerializerContext;
