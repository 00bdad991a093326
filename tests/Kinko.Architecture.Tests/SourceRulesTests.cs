using System.Xml.Linq;

namespace Kinko.Architecture.Tests;

/// <summary>The file checks themselves, on samples.</summary>
public sealed class SourceRulesTests
{
    [Theory]
    [InlineData("namespace Kinko.Ledger;\n\npublic sealed class A;\n", NamespaceStyle.FileScoped)]
    [InlineData("using System;\n\nnamespace Kinko.Ledger;\n", NamespaceStyle.FileScoped)]
    [InlineData("namespace Kinko.Ledger\n{\n    public sealed class A;\n}\n", NamespaceStyle.Block)]
    [InlineData("namespace Kinko.Ledger {\n}\n", NamespaceStyle.Block)]
    [InlineData("// namespace Kinko.Old;\nnamespace Kinko.Ledger\n{\n}\n", NamespaceStyle.Block)]
    [InlineData("/* namespace Kinko.Old; */\npublic sealed class A;\n", NamespaceStyle.GlobalNamespaceTypes)]
    [InlineData("using System;\n\npublic static class A;\n", NamespaceStyle.GlobalNamespaceTypes)]
    [InlineData("using System.CommandLine;\n\nvar root = new RootCommand();\nreturn 0;\n", NamespaceStyle.TopLevelStatements)]
    [InlineData("", NamespaceStyle.GlobalNamespaceTypes)]
    public void Classifies_namespace_declarations(string source, NamespaceStyle expected) =>
        SourceRules.ClassifyNamespace(source).ShouldBe(expected);

    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("a\n", 1)]
    [InlineData("a\nb", 2)]
    [InlineData("a\nb\n", 2)]
    [InlineData("\n\n", 2)]
    public void Counts_lines(string text, int expected) =>
        SourceRules.CountLines(text).ShouldBe(expected);

    [Fact]
    public void Finds_build_settings_that_turn_checks_off()
    {
        var project = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <Nullable>disable</Nullable>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)' == 'Release'">
                <Nullable>annotations</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);

        SourceRules.WeakenedBuildSettings(project).ShouldBe(
            ["<Nullable>disable</Nullable>", "<TreatWarningsAsErrors>false</TreatWarningsAsErrors>", "<Nullable>annotations</Nullable>"]);
    }
}
