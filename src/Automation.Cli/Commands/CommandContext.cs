using System.CommandLine;
using Automation.Cli.Cli;
using Automation.Cli.Config;
using Automation.Cli.Http;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary>What one command invocation works with: the parsed command line, the profile, the API client and the printer.</summary>
internal sealed class CommandContext : IDisposable
{
    private ApiClient? _api;
    private CliConfig? _config;

    /// <summary>The context of a parsed command line.</summary>
    /// <param name="parse">The parse result.</param>
    public CommandContext(ParseResult parse)
    {
        Parse = parse;
        Store = ConfigStore.ForUser();
        Printer = new Printer(parse.GetValue(GlobalOptions.Output), Terminal.Detect(parse.GetValue(GlobalOptions.NoColor)), Console.Out, Console.Error);
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>The config folder.</summary>
    public ConfigStore Store { get; }

    /// <summary>Output.</summary>
    public Printer Printer { get; }

    /// <summary>The configuration (profiles).</summary>
    public CliConfig Config => _config ??= Store.Load();

    /// <summary>The profile in use: <c>--profile</c>, else <c>AUTOMATION_PROFILE</c>, else the current one.</summary>
    public string ProfileName
    {
        get
        {
            var name = Parse.GetValue(GlobalOptions.Profile) ?? Environment.GetEnvironmentVariable("AUTOMATION_PROFILE") ?? Config.Current;
            ConfigStore.ValidateProfileName(name);
            return name;
        }
    }

    /// <summary>The API's base URL: <c>--server</c>, else <c>AUTOMATION_SERVER</c>, else the profile's.</summary>
    public Uri Server
    {
        get
        {
            var text = Parse.GetValue(GlobalOptions.Server) ?? Environment.GetEnvironmentVariable("AUTOMATION_SERVER");
            if (string.IsNullOrWhiteSpace(text))
            {
                var name = ProfileName;
                text = Config.Profiles.TryGetValue(name, out var profile)
                    ? profile.Server
                    : throw CliException.Usage($"No profile named '{name}'. Create it with `automation profile add {name} --server URL`.");
            }

            return ParseServer(text);
        }
    }

    /// <summary>The API client (created on first use).</summary>
    public ApiClient Api => _api ??= new ApiClient(
        Server,
        Store,
        ProfileName,
        Parse.GetValue(GlobalOptions.ApiKey) ?? Environment.GetEnvironmentVariable("AUTOMATION_API_KEY"),
        TimeSpan.FromSeconds(Math.Max(1, Parse.GetValue(GlobalOptions.Timeout))));

    /// <summary>Checks a server URL: absolute http or https.</summary>
    /// <param name="text">The URL.</param>
    public static Uri ParseServer(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"'{text}' is not a server URL: use an absolute http(s) URL such as https://automation.example.com.");
        }

        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }

    /// <inheritdoc />
    public void Dispose() => _api?.Dispose();
}
