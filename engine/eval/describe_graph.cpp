#include "engine/eval/describe_graph.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

namespace sigil::eval {
namespace {

constexpr const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
constexpr const char* kParts[] = {"hour", "minute", "weekday", "day", "month", "year"};

std::string field_name(const RuleGraph& graph, FieldId field) {
  return field == kNoField ? std::string("-") : graph.plan->slot(field).path;
}

void collect_predicates(const RuleGraph& graph, std::uint32_t node, std::set<PredicateId>& out) {
  const ExprNode& n = graph.nodes[node];
  if (n.kind == ExprNode::Kind::predicate) out.insert(n.predicate);
  for (std::uint32_t i = 0; i < n.child_count; ++i) collect_predicates(graph, graph.children[n.first_child + i], out);
}

void describe_node(const RuleGraph& graph, std::uint32_t node, int depth, std::string& out) {
  const ExprNode& n = graph.nodes[node];
  std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  switch (n.kind) {
    case ExprNode::Kind::always_true: out += indent + "true\n"; return;
    case ExprNode::Kind::predicate:
      out += fmt::format("{}#{} {}\n", indent, n.predicate, describe_predicate(graph, graph.predicates[n.predicate]));
      return;
    case ExprNode::Kind::not_: out += indent + "not\n"; break;
    case ExprNode::Kind::and_: out += indent + "and\n"; break;
    case ExprNode::Kind::or_: out += indent + "or\n"; break;
  }
  for (std::uint32_t i = 0; i < n.child_count; ++i) describe_node(graph, graph.children[n.first_child + i], depth + 1, out);
}

}  // namespace

std::string describe_predicate(const RuleGraph& graph, const Predicate& p) {
  std::string field = field_name(graph, p.field);
  std::string text;
  switch (p.kind) {
    case Predicate::Kind::exists: text = fmt::format("{} exists", field); break;
    case Predicate::Kind::patterns:
    case Predicate::Kind::regexes: {
      text = fmt::format("{} {} of [", field, p.require_all ? "all" : "any");
      for (std::size_t i = 0; i < p.ids.size(); ++i) {
        if (i == 3) {
          text += fmt::format(", ... {} more", p.ids.size() - 3);
          break;
        }
        text += (i ? ", " : "") + graph.pattern_descriptions[p.ids[i]];
      }
      text += "]";
      break;
    }
    case Predicate::Kind::numeric: text = fmt::format("{} {} {}", field, kOps[static_cast<int>(p.op)], p.number); break;
    case Predicate::Kind::between: text = fmt::format("{} between {} .. {}", field, p.low, p.high); break;
    case Predicate::Kind::boolean: text = fmt::format("{} == {}", field, p.boolean); break;
    case Predicate::Kind::is_null: text = fmt::format("{} is null", field); break;
    case Predicate::Kind::cidr: text = fmt::format("{} in CIDR set {}", field, p.cidr_set); break;
    case Predicate::Kind::field_compare:
      text = fmt::format("{} {} field({})", field, kOps[static_cast<int>(p.op)], field_name(graph, p.other_field));
      break;
    case Predicate::Kind::time_part:
      text = p.range ? fmt::format("time.{} between {} .. {}", kParts[static_cast<int>(p.part)], p.low, p.high)
                     : fmt::format("time.{} {} {}", kParts[static_cast<int>(p.part)], kOps[static_cast<int>(p.op)],
                                   p.number);
      break;
  }
  return fmt::format("{}{}  (cost {})", p.negated ? "not " : "", text, p.cost);
}

std::string describe_graph(const RuleGraph& graph) {
  std::string out;
  std::map<PredicateId, std::size_t> rules_per_predicate;
  for (const CompiledRule& rule : graph.rules) {
    std::set<PredicateId> used;
    collect_predicates(graph, rule.root, used);
    for (PredicateId p : used) ++rules_per_predicate[p];
  }
  std::size_t shared = 0;
  for (const auto& [p, n] : rules_per_predicate) shared += n > 1;
  std::size_t literals = 0, regexes = 0;
  for (const FieldMatchers& m : graph.matchers) {
    literals += m.literal_count;
    regexes += m.regex_count;
  }

  out += fmt::format("{} rules, {} distinct predicates ({} shared by several rules), {} literal patterns and {} "
                     "regexes on {} fields, {} CIDR sets; time zone {}\n",
                     graph.rules.size(), graph.predicates.size(), shared, literals, regexes, graph.matchers.size(),
                     graph.cidr_sets.size(), graph.timezone.name());
  out += fmt::format("fields materialized by the normalizer: {}\n\n", graph.plan->size());

  out += "buckets (rules an event of each kind meets):\n";
  for (std::size_t k = 0; k < kKindCount; ++k)
    out += fmt::format("  {:<16}{}\n", kind_name(static_cast<Kind>(k)), graph.buckets[k].size());

  out += "\npattern sets (one pass per field per event):\n";
  for (const FieldMatchers& m : graph.matchers)
    out += fmt::format("  {:<36}{:>6} literals {:>6} regexes\n", field_name(graph, m.field), m.literal_count,
                       m.regex_count);

  out += "\nshared predicates (evaluated once per event, used by several rules):\n";
  for (const auto& [p, n] : rules_per_predicate)
    if (n > 1) out += fmt::format("  #{} {}  -- {} rules\n", p, describe_predicate(graph, graph.predicates[p]), n);
  if (shared == 0) out += "  (none)\n";

  out += "\nrules (condition trees, cheap tests first):\n";
  for (const CompiledRule& rule : graph.rules) {
    std::string kinds;
    for (std::size_t k = 0; k < kKindCount; ++k)
      if (rule.kinds & kind_bit(static_cast<Kind>(k))) kinds += (kinds.empty() ? "" : ",") + std::string(kind_name(static_cast<Kind>(k)));
    out += fmt::format("  {}  [{}]\n", rule.info.id, kinds);
    describe_node(graph, rule.root, 2, out);
  }
  return out;
}

}  // namespace sigil::eval
