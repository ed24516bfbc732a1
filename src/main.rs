fn main() -> std::process::ExitCode {
    redlines::cli::main()
}
