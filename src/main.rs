fn main() -> std::process::ExitCode {
    danvan::cli::run()
}
