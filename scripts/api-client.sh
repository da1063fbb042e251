#!/usr/bin/env bash
# Generates the C# client of the HTTP API with Kiota (a local dotnet tool, .config/dotnet-tools.json) from the OpenAPI
# document the API serves, into tests/Automation.Api.Tests/GeneratedClient. The client is checked in and never edited
# by hand; GeneratedClientTests drives a real API with it.
# The document is artifacts/openapi.json, written by OpenApiDocumentTests (scripts/test.sh runs them before this; on
# its own: dotnet test tests/Automation.Api.Tests -c Release --filter "FullyQualifiedName~OpenApiDocumentTests").
#   scripts/api-client.sh           regenerate the checked-in client
#   scripts/api-client.sh --check   fail if the checked-in client is not what the current document generates
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
document=artifacts/openapi.json
client=tests/Automation.Api.Tests/GeneratedClient
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 KIOTA_TUTORIAL_ENABLED=false

if [ ! -f "$document" ]; then
    echo "$document is missing: run the API tests first (see the top of $0)." >&2
    exit 1
fi

generate() {
    local output="$1" log
    log="$(mktemp)"
    # Only the JSON serializers: the API speaks JSON alone, so the client needs no Text/Form/Multipart packages.
    if ! dotnet kiota generate --language CSharp --openapi "$document" --output "$output" \
        --class-name AutomationApiClient --namespace-name Automation.Api.Tests.GeneratedClient \
        --exclude-backward-compatible --clean-output --log-level Error \
        --serializer Microsoft.Kiota.Serialization.Json.JsonSerializationWriterFactory \
        --deserializer Microsoft.Kiota.Serialization.Json.JsonParseNodeFactory >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log" "$output/.kiota.log"
}

dotnet tool restore >/dev/null
if [ "${1:-}" != "--check" ]; then
    generate "$client"
    echo "Generated $client from $document."
    exit 0
fi

fresh="$repo/artifacts/generated-client-check"
rm -rf "$fresh"
generate "$fresh"
# The lock file records the document's path relative to the output folder, which differs here; compare the rest.
# One-line summaries are not compared: Kiota gives an enum the description of one of the properties that reference it
# (WorkflowStatus: "Its status when answered…" or "Its current status…"), not the same one every run; a summary is
# documentation, not the client's shape, and every type, member and path is still compared.
if diff -r -x kiota-lock.json -I '^ *///.*$' "$client" "$fresh" \
    && diff <(grep -v descriptionLocation "$client/kiota-lock.json") <(grep -v descriptionLocation "$fresh/kiota-lock.json"); then
    echo "$client is up to date with $document."
else
    echo "$client is out of date with the API's OpenAPI document: run scripts/api-client.sh and commit the result." >&2
    exit 1
fi
