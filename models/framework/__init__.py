"""The framework file: golden thread as code (parse, check, load)."""

from models.framework.check import check_text
from models.framework.load import FrameworkError, LoadReport, load_framework
from models.framework.problems import Problem, has_errors

__all__ = ["FrameworkError", "LoadReport", "Problem", "check_text", "has_errors", "load_framework"]
