"""From a read document to findings: NLP pipelines, the concept matcher, units and sections, figures,
the evaluation of each rule kind, title metadata."""
