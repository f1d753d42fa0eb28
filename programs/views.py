from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    """The front page. Template: programs/home.html."""
    return render(request, "programs/home.html")
