"""The nginx files an operator installs are valid as shipped, and the keep-alive variant renders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from support import LIB, NGINX, REPO, run


def directives(path: Path) -> str:
    """The file without its comments."""
    return "\n".join(line.split("#", 1)[0] for line in path.read_text().splitlines())


def nginx_test(conf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([NGINX, "-t", "-p", str(conf.parent), "-c", str(conf), "-e", str(conf.parent / "error.log")],
                          capture_output=True, text=True)


def test_the_snippet_as_shipped_passes_nginx_t(tmp_path):
    """What README tells operators: include nginx/customer-admin.conf in a server block."""
    conf_dir = Path(run("bash", str(LIB), "nginx_conf_dir").strip())
    shutil.copy(conf_dir / "fastcgi_params", tmp_path / "fastcgi_params")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
pid {tmp_path}/nginx.pid;
events {{}}
http {{
    server {{
        listen 127.0.0.1:8999;
        include {REPO}/nginx/customer-admin.conf;
    }}
}}
""")
    result = nginx_test(conf)
    assert result.returncode == 0, result.stderr


def test_the_keep_alive_variant_renders_and_passes_nginx_t(tmp_path):
    run("bash", str(LIB), "render_nginx", "--dir", str(tmp_path / "nginx"), "--port", "8999",
        "--socket", str(tmp_path / "ca.sock"), "--htpasswd", str(tmp_path / "htpasswd"), "--keepalive", "2")
    conf = tmp_path / "nginx" / "nginx.conf"
    snippet = directives(tmp_path / "nginx" / "customer-admin.conf")
    assert "upstream customer_admin { server unix:" in conf.read_text()
    assert "fastcgi_pass customer_admin;" in snippet
    assert "fastcgi_keep_conn on;" in snippet and "fastcgi_keep_conn off;" not in snippet
    result = nginx_test(conf)
    assert result.returncode == 0, result.stderr


def test_the_default_is_one_connection_per_request(tmp_path):
    run("bash", str(LIB), "render_nginx", "--dir", str(tmp_path / "nginx"), "--port", "8999",
        "--socket", str(tmp_path / "ca.sock"), "--htpasswd", str(tmp_path / "htpasswd"))
    snippet = directives(tmp_path / "nginx" / "customer-admin.conf")
    assert f"fastcgi_pass unix:{tmp_path / 'ca.sock'};" in snippet
    assert "fastcgi_keep_conn on;" not in snippet
    assert "/run/customer-admin/" not in snippet and "/etc/customer-admin/" not in snippet
