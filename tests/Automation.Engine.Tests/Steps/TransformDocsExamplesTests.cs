using static Automation.Engine.Tests.Steps.TransformRun;

namespace Automation.Engine.Tests.Steps;

/// <summary>The examples of "Data processing" in docs/workflow-language.md, with the outputs the page shows.</summary>
public sealed class TransformDocsExamplesTests
{
    private const string Input = """
    { "products": [
        { "sku": "a", "price": 12, "region": "eu" },
        { "sku": "b", "price": 5, "region": "us" },
        { "sku": "c", "price": 8.5, "region": "eu" },
        { "sku": "b", "price": 5, "region": "us" } ],
      "orders": [ { "id": 1, "customerId": "c1" }, { "id": 2, "customerId": "c9" } ],
      "customers": [ { "id": "c1", "name": "Ada" }, { "id": "c2", "name": "Grace" } ],
      "baskets": [ { "id": 1, "lines": [ { "sku": "a" }, { "sku": "b" } ] }, { "id": 2, "lines": null }, { "id": 3, "lines": [ { "sku": "c" } ] } ] }
    """;

    [Theory]
    [InlineData("""{ "filter": "{{ item.price < 10 }}" }""",
        """[{"sku":"b","price":5,"region":"us"},{"sku":"c","price":8.5,"region":"eu"},{"sku":"b","price":5,"region":"us"}]""")]
    [InlineData("""{ "filter": "{{ item.region == 'eu' and index > 0 }}" }""", """[{"sku":"c","price":8.5,"region":"eu"}]""")]
    [InlineData("""{ "map": { "sku": "{{ item.sku | upcase }}", "cents": "{{ item.price | times: 100 }}", "n": "{{ index }}" } }""",
        """[{"sku":"A","cents":1200,"n":0},{"sku":"B","cents":500,"n":1},{"sku":"C","cents":850,"n":2},{"sku":"B","cents":500,"n":3}]""")]
    [InlineData("""{ "map": "{{ item.sku }}" }""", """["a","b","c","b"]""")]
    [InlineData("""{ "sort": { "by": "{{ item.price }}", "order": "desc" } }, { "map": "{{ item.sku }}" }""", """["a","c","b","b"]""")]
    [InlineData("""{ "sort": { "by": ["{{ item.region }}", "{{ item.price }}"] } }, { "map": "{{ item.sku }}" }""", """["c","a","b","b"]""")]
    [InlineData("""{ "map": "{{ item.sku }}" }, { "sort": true }""", """["a","b","b","c"]""")]
    [InlineData("""{ "distinct": "{{ item.region }}" }""", """[{"sku":"a","price":12,"region":"eu"},{"sku":"b","price":5,"region":"us"}]""")]
    [InlineData("""{ "distinct": true }, { "map": "{{ item.sku }}" }""", """["a","b","c"]""")]
    [InlineData("""{ "groupBy": { "key": "{{ item.region }}", "aggregates": { "products": { "count": true }, "total": { "sum": "{{ item.price }}" }, "average": { "avg": "{{ item.price }}" }, "cheapest": { "min": "{{ item.price }}" } } } }""",
        """[{"key":"eu","products":2,"total":20.5,"average":10.25,"cheapest":8.5},{"key":"us","products":2,"total":10,"average":5,"cheapest":5}]""")]
    [InlineData("""{ "map": { "sku": "{{ item.sku }}", "region": "{{ item.region }}" } }, { "groupBy": { "key": "{{ item.region }}", "items": true } }""",
        """[{"key":"eu","items":[{"sku":"a","region":"eu"},{"sku":"c","region":"eu"}]},{"key":"us","items":[{"sku":"b","region":"us"},{"sku":"b","region":"us"}]}]""")]
    [InlineData("""{ "slice": { "start": 1, "count": 2 } }, { "map": "{{ item.sku }}" }""", """["b","c"]""")]
    [InlineData("""{ "slice": { "start": -1 } }, { "map": "{{ item.sku }}" }""", """["b"]""")]
    public void Operations_OnProducts_GiveTheDocumentedOutput(string operations, string expected)
    {
        var output = Output($$$"""{ "input": "{{ input.products }}", "operations": [ {{{operations}}} ] }""", Input);

        output.Should().Be(expected);
    }

    [Theory]
    [InlineData("""{ "join": { "with": "{{ input.customers }}", "left": "{{ item.customerId }}", "right": "{{ item.id }}", "kind": "left", "as": "customer" } }""",
        """[{"id":1,"customerId":"c1","customer":{"id":"c1","name":"Ada"}},{"id":2,"customerId":"c9","customer":null}]""")]
    [InlineData("""{ "join": { "with": "{{ input.customers }}", "left": "{{ item.customerId }}", "right": "{{ item.id }}" } }""",
        """[{"id":1,"customerId":"c1","name":"Ada"}]""")]
    public void Join_OrdersWithCustomers_GivesTheDocumentedOutput(string operation, string expected)
    {
        var output = Output($$$"""{ "input": "{{ input.orders }}", "operations": [ {{{operation}}} ] }""", Input);

        output.Should().Be(expected);
    }

    [Fact]
    public void Flatten_Examples_GiveTheDocumentedOutput()
    {
        Output("""{ "input": [[1, 2], 3, [[4]], []], "operations": [ { "flatten": true } ] }""").Should().Be("[1,2,3,[4]]");
        Output("""{ "input": "{{ input.baskets }}", "operations": [ { "flatten": "{{ item.lines }}" } ] }""", Input).Should().Be("""[{"sku":"a"},{"sku":"b"},{"sku":"c"}]""");
    }

    [Fact]
    public void Output_Example_GivesTheDocumentedOutput()
    {
        var output = Output("""
        { "input": "{{ input.products }}",
          "operations": [ { "filter": "{{ item.price < 10 }}" } ],
          "output": { "count": "{{ result | size }}", "skus": "{{ result | map: 'sku' | join: ',' }}", "first": "{{ result[0] }}" } }
        """, Input);

        output.Should().Be("""{"count":3,"skus":"b,c,b","first":{"sku":"b","price":5,"region":"us"}}""");
    }

    [Fact]
    public void Csv_Example_GivesTheDocumentedOutput()
    {
        var output = Output("""{ "csv": { "text": "sku,name,price,active,note,zip\r\na,\"Apple, green\",0.5,true,,01234\r\nb,\"The \"\"best\"\" pear\",\"1.25\",false,ripe,75001\r\n" } }""");

        output.Should().Be("""[{"sku":"a","name":"Apple, green","price":0.5,"active":true,"note":null,"zip":"01234"},{"sku":"b","name":"The \u0022best\u0022 pear","price":"1.25","active":false,"note":"ripe","zip":75001}]""");
    }
}
