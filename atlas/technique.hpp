#pragma once
// The entries of the MITRE ATLAS catalog: tactics (the columns of the matrix) and techniques
// (top-level techniques and their sub-techniques). Plain values owned by an AtlasCatalog;
// indices refer to that catalog's tactics() and techniques() spans.

#include <cstddef>
#include <string>
#include <vector>

namespace sigil::atlas {

struct Tactic {
  std::string id;    // "AML.TA0005"
  std::string name;  // "Execution"
};

struct Technique {
  std::string id;            // "AML.T0051" or, for a sub-technique, "AML.T0051.001"
  std::string name;          // exactly as the data says; short for sub-techniques: "Indirect"
  std::string parent_id;     // "AML.T0051" for a sub-technique; empty for a top-level technique
  std::string parent_name;   // "LLM Prompt Injection" for a sub-technique; empty otherwise
  std::string display_name;  // "LLM Prompt Injection: Indirect" for a sub-technique, else name
  // Indices into AtlasCatalog::tactics(), in the data's order (AML.T0054: Privilege Escalation,
  // Defense Evasion). The data gives sub-techniques no tactics; they carry their parent's.
  std::vector<std::size_t> tactic_indices;
  std::string description;   // the first sentence of the ATLAS description, links as plain text

  bool is_sub_technique() const { return !parent_id.empty(); }
};

}  // namespace sigil::atlas
