using System.Security.Cryptography;
using Automation.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Automation.Abstractions.Tests.Secrets;

/// <summary>Start-up validation of <c>Automation:Secrets</c>: every mistake names the setting, no message shows a key.</summary>
public sealed class SecretsOptionsTests
{
    private static readonly string GoodKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static (SecretKeyRing? Ring, List<string> Problems) Load(Action<SecretsOptions> configure)
    {
        var options = new SecretsOptions();
        configure(options);
        var problems = new List<string>();
        return (SecretKeyRing.Load(options, problems), problems);
    }

    [Fact]
    public void Load_NoKeys_IsValidAndNotConfigured()
    {
        var (ring, problems) = Load(_ => { });

        problems.Should().BeEmpty();
        ring!.IsConfigured.Should().BeFalse();
    }

    [Fact]
    public void Load_ShortKey_NamesTheSettingAndTheLengthButNotTheKey()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

        var (ring, problems) = Load(o => o.Keys["k1"] = shortKey);

        ring.Should().BeNull();
        problems.Should().ContainSingle().Which.Should().Contain("Automation:Secrets:Keys:k1").And.Contain("16 bytes").And.Contain("exactly 32")
            .And.NotContain(shortKey);
    }

    [Fact]
    public void Load_NotBase64_NamesTheEnvironmentVariableButNotTheValue()
    {
        var (_, problems) = Load(o => o.Keys["k1"] = "not base64 !!");

        problems.Should().ContainSingle().Which.Should().Contain("Automation__Secrets__Keys__k1").And.Contain("not base64").And.NotContain("!!");
    }

    [Fact]
    public void Load_ActiveKeyIdMissingFromKeys_NamesBothSettings()
    {
        var (_, problems) = Load(o =>
        {
            o.Keys["k1"] = GoodKey;
            o.ActiveKeyId = "k2";
        });

        problems.Should().ContainSingle().Which.Should().Contain("Automation:Secrets:ActiveKeyId").And.Contain("'k2'").And.Contain("k1");
    }

    [Fact]
    public void Load_TwoKeysWithoutActiveKeyId_AsksForIt()
    {
        var (_, problems) = Load(o =>
        {
            o.Keys["k1"] = GoodKey;
            o.Keys["k2"] = GoodKey;
        });

        problems.Should().ContainSingle().Which.Should().Contain("ActiveKeyId is required");
    }

    [Fact]
    public void Load_KeysDirectory_ReadsOneKeyPerFileAndSkipsDotEntries()
    {
        var folder = Directory.CreateTempSubdirectory("automation-keys-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "k2"), GoodKey + "\n");
            File.WriteAllText(Path.Combine(folder.FullName, "..data"), "kubernetes bookkeeping");

            var (ring, problems) = Load(o =>
            {
                o.Keys["k1"] = GoodKey;
                o.KeysDirectory = folder.FullName;
                o.ActiveKeyId = "k2";
            });

            problems.Should().BeEmpty();
            ring!.KeyIds.Should().BeEquivalentTo("k1", "k2");
            ring.ActiveKeyId.Should().Be("k2");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void AddAutomationSecrets_MalformedKey_FailsAtStartWithTheSettingName()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Automation:Secrets:Keys:k1"] = "dG9vIHNob3J0",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddAutomationSecrets().BuildServiceProvider();

        var act = () => services.GetRequiredService<IOptions<SecretsOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Automation:Secrets:Keys:k1").And.NotContain("dG9vIHNob3J0");
    }

    [Fact]
    public void AddAutomationSecrets_CalledTwiceWithConfigure_RegistersOnceAndAppliesTheDelegate()
    {
        var configuration = new ConfigurationBuilder().Build();
        var collection = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddAutomationSecrets()
            .AddAutomationSecrets(o => o.Keys["k9"] = GoodKey);
        using var services = collection.BuildServiceProvider();

        var ring = services.GetRequiredService<SecretKeyRing>();

        collection.Count(d => d.ServiceType == typeof(SecretKeyRing)).Should().Be(1);
        ring.ActiveKeyId.Should().Be("k9");
    }

    [Fact]
    public void ToString_WithKeys_ShowsNoKey()
    {
        var options = new SecretsOptions { Keys = { ["k1"] = GoodKey }, ActiveKeyId = "k1" };

        options.ToString().Should().NotContain(GoodKey).And.Contain("1 redacted");
    }
}
