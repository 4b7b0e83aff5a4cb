from django.apps import AppConfig


class LogicmodelsConfig(AppConfig):
    name = "logicmodels"
