//! What the packages ship and a container's health check asks:
//! completions, the man page, `ankieter ready`.

use crate::common::*;

#[test]
fn completions_and_the_man_page_know_every_command() {
    let cli = Cli::new();
    for shell in ["bash", "zsh", "fish"] {
        let text = stdout(&cli.run(&["completions", shell]));
        for command in ["serve", "empikplace", "config", "person"] {
            assert!(text.contains(command), "{shell} completions lack {command}");
        }
    }
    let man = stdout(&cli.run(&["man"]));
    assert!(man.contains(".TH ankieter 1"), "{man}");
    for command in ["serve", "empikplace", "config", "ready"] {
        assert!(
            man.contains(&format!(".SH \"ankieter {command}\"")),
            "no {command} in the man page"
        );
    }
    assert!(man.contains("ANKIETER_CONFIG"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_says_whether_the_server_on_this_machine_is_ready() {
    let cli = Cli::new();
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let listen = format!("127.0.0.1:{port}");
    let mut nobody = cli.command(&["ready"]);
    nobody.env("ANKIETER_LISTEN", &listen);
    let output = nobody.output().unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("did not answer"),
        "{}",
        stderr(&output)
    );

    let (_server, base, _log) = serve(&cli);
    let port = base.rsplit(':').next().unwrap();
    let mut asked = cli.command(&["ready"]);
    asked.env("ANKIETER_LISTEN", format!("0.0.0.0:{port}"));
    let output = asked.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("ready"));
}
