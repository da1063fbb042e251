using static Automation.Engine.Tests.Steps.TransformRun;

namespace Automation.Engine.Tests.Steps;

/// <summary>Each transform operation on the pure engine (unit tier).</summary>
public sealed class TransformOperationsTests
{
    private const string Products = """
    { "products": [
        { "sku": "a", "price": 12, "region": "eu" },
        { "sku": "b", "price": 5, "region": "us" },
        { "sku": "c", "price": 8.5, "region": "eu" },
        { "sku": "b", "price": 5, "region": "us" } ] }
    """;

    [Fact]
    public void Filter_Comparison_KeepsMatchingItems()
    {
        var output = Output("""{ "input": "{{ input.products }}", "operations": [ { "filter": "{{ item.price < 10 }}" }, { "map": "{{ item.sku }}" } ] }""", Products);

        output.Should().Be("""["b","c","b"]""");
    }

    [Fact]
    public void Filter_TruthyValuesAndIndex_KeepsAllButFalseAndNull()
    {
        var output = Output("""{ "input": [1, null, false, 0, "", "x"], "operations": [ { "filter": "{{ item }}" } ] }""");
        var byIndex = Output("""{ "input": ["a", "b", "c", "d"], "operations": [ { "filter": "{{ index >= 2 }}" } ] }""");

        output.Should().Be("""[1,0,"","x"]""", "only false and null are falsy, as in Liquid");
        byIndex.Should().Be("""["c","d"]""");
    }

    [Fact]
    public void Filter_ReadsTheWorkflowScope()
    {
        var output = Output("""{ "input": "{{ input.products }}", "operations": [ { "filter": "{{ item.price > input.min and item.region == 'eu' }}" }, { "map": "{{ item.sku }}" } ] }""",
            """{ "min": 9, "products": [ { "sku": "a", "price": 12, "region": "eu" }, { "sku": "b", "price": 15, "region": "us" } ] }""");

        output.Should().Be("""["a"]""");
    }

    [Fact]
    public void Map_ObjectTemplate_ReshapesEachItemKeepingTypes()
    {
        var output = Output("""
        { "input": "{{ input.products }}",
          "operations": [ { "map": { "sku": "{{ item.sku | upcase }}", "price": "{{ item.price }}", "position": "{{ index }}", "label": "{{ item.sku }}@{{ item.price }}", "fixed": 1 } } ] }
        """, Products);

        output.Should().StartWith("""[{"sku":"A","price":12,"position":0,"label":"a@12","fixed":1},{"sku":"B","price":5,"position":1,"label":"b@5","fixed":1}""");
    }

    [Fact]
    public void Sort_ByKeyDescending_IsStable()
    {
        var output = Output("""
        { "input": [ { "n": "x", "p": 2 }, { "n": "y", "p": 3 }, { "n": "z", "p": 2 }, { "n": "w", "p": 10 } ],
          "operations": [ { "sort": { "by": "{{ item.p }}", "order": "desc" } }, { "map": "{{ item.n }}" } ] }
        """);

        output.Should().Be("""["w","y","x","z"]""", "numbers compare by value (10 > 3), and equal keys keep their order");
    }

    [Fact]
    public void Sort_ShortFormsAndSeveralKeys_OrderAscending()
    {
        var byTemplate = Output("""{ "input": [ { "s": "b" }, { "s": "B" }, { "s": "a" } ], "operations": [ { "sort": "{{ item.s }}" }, { "map": "{{ item.s }}" } ] }""");
        var items = Output("""{ "input": [3, "b", null, 1.5, true, "a", 2], "operations": [ { "sort": true } ] }""");
        var twoKeys = Output("""
        { "input": [ { "r": "us", "p": 1 }, { "r": "eu", "p": 9 }, { "r": "eu", "p": 2 } ],
          "operations": [ { "sort": { "by": ["{{ item.r }}", "{{ item.p }}"] } } ] }
        """);

        byTemplate.Should().Be("""["B","a","b"]""", "strings compare ordinally");
        items.Should().Be("""[null,true,1.5,2,3,"a","b"]""", "kinds order null < booleans < numbers < strings");
        twoKeys.Should().Be("""[{"r":"eu","p":2},{"r":"eu","p":9},{"r":"us","p":1}]""");
    }

    [Fact]
    public void Distinct_ByKeyAndWholeItems_KeepsFirstOfEach()
    {
        var byKey = Output("""{ "input": "{{ input.products }}", "operations": [ { "distinct": "{{ item.region }}" }, { "map": "{{ item.sku }}" } ] }""", Products);
        var whole = Output("""{ "input": [1, 1.0, "1", { "a": 1, "b": 2 }, { "b": 2, "a": 1 }, [1], [1]], "operations": [ { "distinct": true } ] }""");

        byKey.Should().Be("""["a","b"]""");
        whole.Should().Be("""[1,"1",{"a":1,"b":2},[1]]""", "1 equals 1.0, objects are equal whatever their member order, \"1\" is not 1");
    }

    [Fact]
    public void GroupBy_WithEveryAggregate_OneObjectPerKeyInOrderOfAppearance()
    {
        var output = Output("""
        { "input": "{{ input.orders }}",
          "operations": [ { "groupBy": { "key": "{{ item.region }}", "aggregates": {
              "orders": { "count": true }, "revenue": { "sum": "{{ item.total }}" }, "average": { "avg": "{{ item.total }}" },
              "smallest": { "min": "{{ item.total }}" }, "largest": { "max": "{{ item.total }}" }, "firstDay": { "min": "{{ item.day }}" } } } } ] }
        """, """
        { "orders": [
            { "region": "eu", "total": 10, "day": "2026-03-02" }, { "region": "us", "total": 7.5, "day": "2026-03-01" },
            { "region": "eu", "total": 20.5, "day": "2026-02-27" }, { "region": "eu", "total": null, "day": "2026-03-05" } ] }
        """);

        output.Should().Be("""
            [{"key":"eu","orders":3,"revenue":30.5,"average":15.25,"smallest":10,"largest":20.5,"firstDay":"2026-02-27"},{"key":"us","orders":1,"revenue":7.5,"average":7.5,"smallest":7.5,"largest":7.5,"firstDay":"2026-03-01"}]
            """.Trim(), "null totals are left out of sum, avg, min and max, as in SQL, but counted by count");
    }

    [Fact]
    public void GroupBy_WithItemsAndNoAggregates_ListsEachGroupsItems()
    {
        var output = Output("""{ "input": [ { "k": 1, "v": "a" }, { "k": 2, "v": "b" }, { "k": 1, "v": "c" } ], "operations": [ { "groupBy": { "key": "{{ item.k }}", "items": true } } ] }""");
        var empty = Output("""{ "input": [ { "k": 1, "v": null } ], "operations": [ { "groupBy": { "key": "{{ item.k }}", "aggregates": { "s": { "sum": "{{ item.v }}" }, "a": { "avg": "{{ item.v }}" }, "m": { "max": "{{ item.v }}" } } } } ] }""");

        output.Should().Be("""[{"key":1,"items":[{"k":1,"v":"a"},{"k":1,"v":"c"}]},{"key":2,"items":[{"k":2,"v":"b"}]}]""");
        empty.Should().Be("""[{"key":1,"s":0,"a":null,"m":null}]""");
    }

    [Fact]
    public void GroupBy_ConstantKey_AggregatesAllItemsInOneGroup()
    {
        var output = Output("""{ "input": "{{ input.products }}", "operations": [ { "groupBy": { "key": "{{ 'all' }}", "aggregates": { "n": { "count": true }, "total": { "sum": "{{ item.price }}" } } } } ] }""", Products);

        output.Should().Be("""[{"key":"all","n":4,"total":30.5}]""");
    }

    [Fact]
    public void Join_Inner_PairsMatchesUnderAsAndDropsTheRest()
    {
        var output = Output("""
        { "input": "{{ input.orders }}",
          "operations": [ { "join": { "with": "{{ input.customers }}", "left": "{{ item.customerId }}", "right": "{{ item.id }}", "as": "customer" } } ] }
        """, """
        { "orders": [ { "id": 1, "customerId": "c1" }, { "id": 2, "customerId": "c9" }, { "id": 3, "customerId": "c2" }, { "id": 4, "customerId": null } ],
          "customers": [ { "id": "c1", "name": "Ada" }, { "id": "c2", "name": "Bob" }, { "id": null, "name": "Nobody" } ] }
        """);

        output.Should().Be("""[{"id":1,"customerId":"c1","customer":{"id":"c1","name":"Ada"}},{"id":3,"customerId":"c2","customer":{"id":"c2","name":"Bob"}}]""",
            "null keys match nothing");
    }

    [Fact]
    public void Join_LeftWithoutAs_MergesPropertiesAndKeepsUnmatched()
    {
        var output = Output("""
        { "input": [ { "id": 1, "c": 7 }, { "id": 2, "c": 8 } ],
          "operations": [ { "join": { "with": [ { "c": 7, "name": "Ada", "id": 99 }, { "c": 7, "name": "Eve" } ], "left": "{{ item.c }}", "right": "{{ item.c }}", "kind": "left" } } ] }
        """);

        output.Should().Be("""[{"id":1,"c":7,"name":"Ada"},{"id":1,"c":7,"name":"Eve"},{"id":2,"c":8}]""",
            "one result per match, the item's own properties win, and a left join keeps items without a match");
    }

    [Fact]
    public void Join_LeftWithAs_PutsNullWhenNothingMatches()
    {
        var output = Output("""
        { "input": [ { "id": 1, "c": 7 } ],
          "operations": [ { "join": { "with": "{{ input.none }}", "left": "{{ item.c }}", "right": "{{ item.c }}", "kind": "left", "as": "match" } } ] }
        """, """{ "none": [] }""");

        output.Should().Be("""[{"id":1,"c":7,"match":null}]""");
    }

    [Fact]
    public void Flatten_TrueAndTemplate_SpliceArrays()
    {
        var nested = Output("""{ "input": [[1, 2], 3, [[4]], []], "operations": [ { "flatten": true } ] }""");
        var lines = Output("""
        { "input": [ { "lines": [ { "sku": "a" }, { "sku": "b" } ] }, { "lines": null }, { "lines": [ { "sku": "c" } ] } ],
          "operations": [ { "flatten": "{{ item.lines }}" }, { "map": "{{ item.sku }}" } ] }
        """);

        nested.Should().Be("""[1,2,3,[4]]""", "one level");
        lines.Should().Be("""["a","b","c"]""", "a null contributes nothing");
    }

    [Fact]
    public void Slice_StartCountNegativeAndTemplates_TakesTheRange()
    {
        const string Input = """{ "input": [0, 1, 2, 3, 4, 5], "operations": [ { "slice": %ARG% } ] }""";

        Output(Input.Replace("%ARG%", """{ "start": 1, "count": 2 }""")).Should().Be("[1,2]");
        Output(Input.Replace("%ARG%", """{ "start": -2 }""")).Should().Be("[4,5]");
        Output(Input.Replace("%ARG%", """{ "count": 10 }""")).Should().Be("[0,1,2,3,4,5]");
        Output(Input.Replace("%ARG%", """{ "start": 9 }""")).Should().Be("[]");
        Output(Input.Replace("%ARG%", """{ "start": -20, "count": 1 }""")).Should().Be("[0]");
        Output(Input.Replace("%ARG%", """{ "count": "{{ input.top }}" }"""), """{ "top": 3 }""").Should().Be("[0,1,2]");
    }

    [Fact]
    public void Pipeline_WithOutputTemplate_RendersResultAndScope()
    {
        var output = Output("""
        { "input": "{{ input.products }}",
          "operations": [ { "filter": "{{ item.region == 'eu' }}" } ],
          "output": { "count": "{{ result | size }}", "first": "{{ result[0].sku }}", "region": "{{ input.region }}", "all": "{{ result | map: 'sku' | join: ',' }}" } }
        """, Products.Replace("{ \"products\"", "{ \"region\": \"eu\", \"products\"", StringComparison.Ordinal));

        output.Should().Be("""{"count":2,"first":"a","region":"eu","all":"a,c"}""");
    }

    [Fact]
    public void Pipeline_WithoutOperations_ReturnsTheInputArray()
    {
        var output = Output("""{ "input": "{{ input.products | map: 'sku' }}" }""", Products);

        output.Should().Be("""["a","b","c","b"]""");
    }

    [Fact]
    public void Pipeline_ReadsAnotherStepsOutputInsideOperations_AndValidatesTheDependency()
    {
        var h = TransformRun.Workflow("""
            { "id": "rates", "type": "transform", "with": { "value": { "eu": 2, "us": 3 } } },
            { "id": "t", "type": "transform", "dependsOn": ["rates"], "with": { "input": "{{ input.products }}",
              "operations": [ { "map": { "sku": "{{ item.sku }}", "taxed": "{{ item.price | times: steps.rates.output[item.region] }}" } }, { "slice": { "count": 2 } } ] } }
            """, Products);

        System.Text.Json.JsonSerializer.Serialize(h.Step("t").Output!.Value).Should().Be("""[{"sku":"a","taxed":24},{"sku":"b","taxed":15}]""");
    }

    [Fact]
    public void ValueForm_IsUnchanged_AndItemIsMissingThere()
    {
        var output = Output("""{ "value": { "n": "{{ input.n }}", "list": ["{{ input.n | plus: 1 }}"] } }""", """{ "n": 1 }""");
        var error = Failure("""{ "value": "{{ item.x }}" }""");

        output.Should().Be("""{"n":1,"list":[2]}""");
        error.Type.Should().Be("template");
        error.Message.Should().Contain("missing data 'item'");
    }
}
