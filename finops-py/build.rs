//! Records which build this is, so benchmarks and bug reports can say what they measured (`finops.__build__`).

fn main() {
    let var = |name| std::env::var(name).unwrap_or_else(|_| "?".into());
    println!("cargo:rustc-env=FINOPS_BUILD=cargo profile {}, opt-level {}", var("PROFILE"), var("OPT_LEVEL"));
    println!("cargo:rerun-if-changed=build.rs");
}
