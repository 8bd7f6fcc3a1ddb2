fn main() {
    std::process::exit(wacost::cli::run(std::env::args_os()));
}
