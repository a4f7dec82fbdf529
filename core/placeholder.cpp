// replaced by the classifier
