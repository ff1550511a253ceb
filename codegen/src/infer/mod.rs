//! Response types inferred from the example JSON in 200 descriptions.
