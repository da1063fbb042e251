namespace Automation.Hosting;

/// <summary>
/// <c>Automation.Silo healthcheck [url]</c> and <c>Automation.Api healthcheck [url]</c>: one HTTP GET, exit code 0 when
/// it answers 2xx, 1 otherwise. The images' <c>HEALTHCHECK</c> runs it, so the runtime image needs no curl or wget.
/// </summary>
public static class HealthCommand
{
    /// <summary>The command-line verb.</summary>
    public const string Verb = "healthcheck";

    /// <summary>Whether the arguments ask for the health check.</summary>
    /// <param name="args">The process arguments.</param>
    /// <returns><see langword="true"/> when the first argument is <see cref="Verb"/>.</returns>
    public static bool IsRequested(string[] args) => args is [Verb, ..];

    /// <summary>Probes the URL given after the verb, or <paramref name="defaultUrl"/>.</summary>
    /// <param name="args">The process arguments (<c>healthcheck [url]</c>).</param>
    /// <param name="defaultUrl">The URL when none is given.</param>
    /// <returns>0 when healthy, 1 otherwise (the reason on standard error).</returns>
    public static async Task<int> RunAsync(string[] args, string defaultUrl)
    {
        ArgumentNullException.ThrowIfNull(args);
        var url = args.Length > 1 ? args[1] : defaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"healthcheck: '{url}' is not an http(s) URL.").ConfigureAwait(false);
            return 1;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(8) };
        try
        {
            using var response = await http.GetAsync(uri).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"healthcheck: {uri} answered {(int)response.StatusCode}.").ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"healthcheck: {uri} did not answer: {e.Message}").ConfigureAwait(false);
        }

        return 1;
    }
}
