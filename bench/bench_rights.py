from gonghui.rights.bench import run

__all__ = ["run"]
