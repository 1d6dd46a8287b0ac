pub fn run(_s: &std::path::Path, _c: Option<String>, _b: Option<String>) -> anyhow::Result<()> { anyhow::bail!("todo") }
