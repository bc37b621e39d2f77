//! `cargo xtask <task>`: project tasks beyond cargo.

fn main() -> anyhow::Result<()> {
    anyhow::bail!("no tasks yet")
}
