namespace Automation.Cli.Config;

/// <summary>The profiles and which one is current: <c>config.json</c> in the CLI's config folder.</summary>
internal sealed class CliConfig
{
    /// <summary>The profile used when <c>--profile</c> is not given.</summary>
    public string Current { get; set; } = ConfigStore.DefaultProfile;

    /// <summary>Every profile by name.</summary>
    public Dictionary<string, CliProfile> Profiles { get; set; } = new(StringComparer.Ordinal);
}
