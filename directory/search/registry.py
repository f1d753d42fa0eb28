"""The models the search covers, registered by their apps when they are ready."""

_models = []


def searchable_models():
    """Every registered model, in the order their apps registered them."""
    return list(_models)


def add(model):
    if model not in _models:
        _models.append(model)
